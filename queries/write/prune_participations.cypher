// Removes participations that the dataset no longer holds (load --replace).
// Parameters: $keys (list of participation keys to keep)
// Returns: nothing
// Collected first: ArcadeDB fails when a statement deletes edges it is still iterating.
MATCH (:Party)-[x:PARTICIPATED]->(:Activity)
WHERE NOT x.key IN $keys
WITH collect(x) AS doomed
UNWIND doomed AS x
DELETE x
