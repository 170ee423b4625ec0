// Deletes the (:Lesson)-[:ORIGINATED_AT]->(:Party) relationships that :Lesson records' origin_id made, for records whose origin_id
// changed in place (a delta load or an app entry); write/link_originated_at creates them anew.
// Parameters: $ids (list of Lesson ids), $gen (integer: the current generation)
// Returns: nothing
// Every relationship is found before any is deleted: ArcadeDB (26.10) fails with EntityNotFound when a statement
// matches a node's relationships again after deleting some of them (many removed from one node, one per row).
UNWIND $ids AS id
MATCH (n:Lesson {id: id, gen: $gen})
MATCH (n)-[x:ORIGINATED_AT]->(:Party)
WITH collect(x) AS found
FOREACH (x IN found | DELETE x)
