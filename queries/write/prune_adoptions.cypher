// Removes adoptions that the dataset no longer holds (load --replace).
// Parameters: $keys (list of adoption keys to keep)
// Returns: nothing
// Collected first: ArcadeDB fails when a statement deletes edges it is still iterating.
MATCH (:Party)-[a:ADOPTED]->(:Lesson)
WHERE NOT a.key IN $keys
WITH collect(a) AS doomed
UNWIND doomed AS a
DELETE a
