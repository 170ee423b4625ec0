// Deletes the (:Person)-[:WORKS_AT]->(:Party) relationships that :Person records' party_id made, for records whose party_id
// changed in place (a delta load or an app entry); write/link_works_at creates them anew.
// Parameters: $ids (list of Person ids), $gen (integer: the current generation)
// Returns: nothing
// Every relationship is found before any is deleted: ArcadeDB (26.10) fails with EntityNotFound when a statement
// matches a node's relationships again after deleting some of them (many removed from one node, one per row).
UNWIND $ids AS id
MATCH (n:Person {id: id, gen: $gen})
MATCH (n)-[x:WORKS_AT]->(:Party)
WITH collect(x) AS found
FOREACH (x IN found | DELETE x)
