// Deletes the (:Party)-[:ORGANISED]->(:Activity) relationships that :Activity records' organiser_id made, for records whose organiser_id
// changed in place (a delta load or an app entry); write/link_organised creates them anew.
// Parameters: $ids (list of Activity ids), $gen (integer: the current generation)
// Returns: nothing
UNWIND $ids AS id
MATCH (n:Activity {id: id, gen: $gen})
MATCH (:Party)-[x:ORGANISED]->(n)
DELETE x
