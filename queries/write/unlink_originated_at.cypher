// Deletes the (:Lesson)-[:ORIGINATED_AT]->(:Party) relationships that :Lesson records' origin_id made, for records whose origin_id
// changed in place (a delta load or an app entry); write/link_originated_at creates them anew.
// Parameters: $ids (list of Lesson ids), $gen (integer: the current generation)
// Returns: nothing
UNWIND $ids AS id
MATCH (n:Lesson {id: id, gen: $gen})
MATCH (n)-[x:ORIGINATED_AT]->(:Party)
DELETE x
