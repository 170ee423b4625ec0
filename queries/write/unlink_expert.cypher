// Deletes the (:Person)-[:EXPERT]->(:Deployment) relationships that :Deployment records' expert_id made, for records whose expert_id
// changed in place (a delta load or an app entry); write/link_expert creates them anew.
// Parameters: $ids (list of Deployment ids), $gen (integer: the current generation)
// Returns: nothing
UNWIND $ids AS id
MATCH (n:Deployment {id: id, gen: $gen})
MATCH (:Person)-[x:EXPERT]->(n)
DELETE x
