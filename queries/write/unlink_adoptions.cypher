// Deletes the adoptions that rows of adoptions define, so a reload can create them anew.
// Parameters: $rows (list of {party_id, lesson_id})
// Returns: nothing
// Matched from the lesson (a few adopters, typically) rather than the party (dozens of
// adoptions each). Collected first: ArcadeDB fails when a statement deletes edges it is
// still iterating.
UNWIND $rows AS r
MATCH (:Lesson {id: r.lesson_id})<-[a:ADOPTED]-(p:Party)
WHERE p.id = r.party_id
WITH collect(a) AS doomed
UNWIND doomed AS a
DELETE a
