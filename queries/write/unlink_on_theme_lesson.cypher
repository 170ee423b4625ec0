// Deletes the (:Lesson)-[:ON_THEME]->(:Theme) relationships that :Lesson records' theme_ids made, for records whose theme_ids
// changed in place (a delta load or an app entry); write/link_on_theme_lesson creates them anew.
// Parameters: $ids (list of Lesson ids), $gen (integer: the current generation)
// Returns: nothing
// Every relationship is found before any is deleted: ArcadeDB (26.10) fails with EntityNotFound when a statement
// matches a node's relationships again after deleting some of them (many removed from one node, one per row).
UNWIND $ids AS id
MATCH (n:Lesson {id: id, gen: $gen})
MATCH (n)-[x:ON_THEME]->(:Theme)
WITH collect(x) AS found
FOREACH (x IN found | DELETE x)
