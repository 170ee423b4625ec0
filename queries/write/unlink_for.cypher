// Deletes the (:Deployment)-[:FOR]->(:Party) relationships that :Deployment records' recipient_id made, for records whose recipient_id
// changed in place (a delta load or an app entry); write/link_for creates them anew.
// Parameters: $ids (list of Deployment ids), $gen (integer: the current generation)
// Returns: nothing
UNWIND $ids AS id
MATCH (n:Deployment {id: id, gen: $gen})
MATCH (n)-[x:FOR]->(:Party)
DELETE x
