// Deletes the (:Lesson)-[:FROM_ACTIVITY]->(:Activity) relationships that :Lesson records' activity_id made, for records whose activity_id
// changed in place (a delta load or an app entry); write/link_from_activity creates them anew.
// Parameters: $ids (list of Lesson ids), $gen (integer: the current generation)
// Returns: nothing
// Every relationship is found before any is deleted: ArcadeDB (26.10) fails with EntityNotFound when a statement
// matches a node's relationships again after deleting some of them (many removed from one node, one per row).
UNWIND $ids AS id
MATCH (n:Lesson {id: id, gen: $gen})
MATCH (n)-[x:FROM_ACTIVITY]->(:Activity)
WITH collect(x) AS found
FOREACH (x IN found | DELETE x)
