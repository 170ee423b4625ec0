// Deletes the (:Lesson)-[:ON_THEME]->(:Theme) relationships that :Lesson records' theme_ids made, for records whose theme_ids
// changed in place (a delta load or an app entry); write/link_on_theme_lesson creates them anew.
// Parameters: $ids (list of Lesson ids), $gen (integer: the current generation)
// Returns: nothing
UNWIND $ids AS id
MATCH (n:Lesson {id: id, gen: $gen})
MATCH (n)-[x:ON_THEME]->(:Theme)
DELETE x
