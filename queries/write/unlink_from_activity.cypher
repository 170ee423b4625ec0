// Deletes the (:Lesson)-[:FROM_ACTIVITY]->(:Activity) relationships that :Lesson records' activity_id made, for records whose activity_id
// changed in place (a delta load or an app entry); write/link_from_activity creates them anew.
// Parameters: $ids (list of Lesson ids), $gen (integer: the current generation)
// Returns: nothing
UNWIND $ids AS id
MATCH (n:Lesson {id: id, gen: $gen})
MATCH (n)-[x:FROM_ACTIVITY]->(:Activity)
DELETE x
