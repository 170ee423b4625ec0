// Deletes the (:Theme)-[:SUBTHEME_OF]->(:Theme) relationships that :Theme records' parent_id made, for records whose parent_id
// changed in place (a delta load or an app entry); write/link_subtheme_of creates them anew.
// Parameters: $ids (list of Theme ids), $gen (integer: the current generation)
// Returns: nothing
// Every relationship is found before any is deleted: ArcadeDB (26.10) fails with EntityNotFound when a statement
// matches a node's relationships again after deleting some of them (many removed from one node, one per row).
UNWIND $ids AS id
MATCH (n:Theme {id: id, gen: $gen})
MATCH (n)-[x:SUBTHEME_OF]->(:Theme)
WITH collect(x) AS found
FOREACH (x IN found | DELETE x)
