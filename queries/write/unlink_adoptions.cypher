// Deletes the adoptions that rows of adoptions define, so a reload can create them anew.
// Parameters: $rows (list of {party_id, lesson_id})
// Returns: nothing
UNWIND $rows AS r
MATCH (:Party {id: r.party_id})-[a:ADOPTED]->(:Lesson {id: r.lesson_id})
DELETE a
