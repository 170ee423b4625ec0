// Removes adoptions that the dataset no longer holds (load --replace).
// Parameters: $keys (list of {party_id, lesson_id, key} to remove: the store's adoptions that the dataset lacks)
// Returns: nothing
// The writer diffs the store's keys (read/keys_adoptions) against the dataset's in Python:
// `WHERE NOT a.key IN $keep` costs ArcadeDB a list scan per relationship, quadratic at national scale.
// Matched from the lesson (the low-degree end). Collected first: ArcadeDB fails when a statement deletes edges it is still iterating.
UNWIND $keys AS r
MATCH (:Lesson {id: r.lesson_id})<-[a:ADOPTED]-(p:Party)
WHERE p.id = r.party_id AND a.key = r.key
WITH collect(a) AS doomed
UNWIND doomed AS a
DELETE a
