// Deletes the (:Party)-[:ASKS]->(:Question) relationships that :Question records' party_id made, for records whose party_id
// changed in place (a delta load or an app entry); write/link_asks creates them anew.
// Parameters: $ids (list of Question ids), $gen (integer: the current generation)
// Returns: nothing
// Every relationship is found before any is deleted: ArcadeDB (26.10) fails with EntityNotFound when a statement
// matches a node's relationships again after deleting some of them (many removed from one node, one per row).
UNWIND $ids AS id
MATCH (n:Question {id: id, gen: $gen})
MATCH (:Party)-[x:ASKS]->(n)
WITH collect(x) AS found
FOREACH (x IN found | DELETE x)
