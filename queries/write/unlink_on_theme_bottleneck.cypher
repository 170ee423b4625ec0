// Deletes the (:Bottleneck)-[:ON_THEME]->(:Theme) relationships that :Bottleneck records' theme_ids made, for records whose theme_ids
// changed in place (a delta load or an app entry); write/link_on_theme_bottleneck creates them anew.
// Parameters: $ids (list of Bottleneck ids), $gen (integer: the current generation)
// Returns: nothing
// Every relationship is found before any is deleted: ArcadeDB (26.10) fails with EntityNotFound when a statement
// matches a node's relationships again after deleting some of them (many removed from one node, one per row).
UNWIND $ids AS id
MATCH (n:Bottleneck {id: id, gen: $gen})
MATCH (n)-[x:ON_THEME]->(:Theme)
WITH collect(x) AS found
FOREACH (x IN found | DELETE x)
