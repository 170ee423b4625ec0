// Deletes the (:Party)-[:PART_OF]->(:Party) relationships that :Party records' parent_id made, for records whose parent_id
// changed in place (a delta load or an app entry); write/link_part_of creates them anew.
// Parameters: $ids (list of Party ids), $gen (integer: the current generation)
// Returns: nothing
UNWIND $ids AS id
MATCH (n:Party {id: id, gen: $gen})
MATCH (n)-[x:PART_OF]->(:Party)
DELETE x
