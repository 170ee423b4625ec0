// Deletes the (:Party)-[:PROVIDED]->(:Deployment) relationships that :Deployment records' provider_id made, for records whose provider_id
// changed in place (a delta load or an app entry); write/link_provided creates them anew.
// Parameters: $ids (list of Deployment ids), $gen (integer: the current generation)
// Returns: nothing
UNWIND $ids AS id
MATCH (n:Deployment {id: id, gen: $gen})
MATCH (:Party)-[x:PROVIDED]->(n)
DELETE x
