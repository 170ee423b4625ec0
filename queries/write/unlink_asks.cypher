// Deletes the (:Party)-[:ASKS]->(:Question) relationships that :Question records' party_id made, for records whose party_id
// changed in place (a delta load or an app entry); write/link_asks creates them anew.
// Parameters: $ids (list of Question ids), $gen (integer: the current generation)
// Returns: nothing
UNWIND $ids AS id
MATCH (n:Question {id: id, gen: $gen})
MATCH (:Party)-[x:ASKS]->(n)
DELETE x
