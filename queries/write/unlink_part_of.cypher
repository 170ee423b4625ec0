// Deletes the (:Party)-[:PART_OF]->(:Party) relationships that :Party records' parent_id made, for records whose parent_id
// changed in place (a delta load or an app entry); write/link_part_of creates them anew.
// Parameters: $ids (list of Party ids), $gen (integer: the current generation)
// Returns: nothing
// Every relationship is found before any is deleted: ArcadeDB (26.10) fails with EntityNotFound when a statement
// matches a node's relationships again after deleting some of them (many removed from one node, one per row).
UNWIND $ids AS id
MATCH (n:Party {id: id, gen: $gen})
MATCH (n)-[x:PART_OF]->(:Party)
WITH collect(x) AS found
FOREACH (x IN found | DELETE x)
