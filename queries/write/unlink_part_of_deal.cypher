// Deletes the (:Activity)-[:PART_OF_DEAL]->(:Deal) relationships that :Activity records' deal_id made, for records whose deal_id
// changed in place (a delta load or an app entry); write/link_part_of_deal creates them anew.
// Parameters: $ids (list of Activity ids), $gen (integer: the current generation)
// Returns: nothing
// Every relationship is found before any is deleted: ArcadeDB (26.10) fails with EntityNotFound when a statement
// matches a node's relationships again after deleting some of them (many removed from one node, one per row).
UNWIND $ids AS id
MATCH (n:Activity {id: id, gen: $gen})
MATCH (n)-[x:PART_OF_DEAL]->(:Deal)
WITH collect(x) AS found
FOREACH (x IN found | DELETE x)
