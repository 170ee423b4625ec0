// Deletes the adoptions that rows of adoptions define, so a reload can create them anew.
// Parameters: $rows (list of {party_id, lesson_id})
// Returns: nothing
// Collected first: ArcadeDB fails when a statement deletes edges it is still iterating.
UNWIND $rows AS r
MATCH (:Party {id: r.party_id})-[a:ADOPTED]->(:Lesson {id: r.lesson_id})
WITH collect(a) AS doomed
UNWIND doomed AS a
DELETE a
