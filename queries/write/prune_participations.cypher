// Removes participations that the dataset no longer holds (load --replace).
// Parameters: $keys (list of {party_id, activity_id, key} to remove: the store's participations that the dataset lacks)
// Returns: nothing
// The writer diffs the store's keys (read/keys_participations) against the dataset's in Python:
// `WHERE NOT x.key IN $keep` costs ArcadeDB a list scan per relationship, quadratic at national scale.
// Matched from the activity (the low-degree end). Collected first: ArcadeDB fails when a statement deletes edges it is still iterating.
UNWIND $keys AS r
MATCH (:Activity {id: r.activity_id})<-[x:PARTICIPATED]-(p:Party)
WHERE p.id = r.party_id AND x.key = r.key
WITH collect(x) AS doomed
UNWIND doomed AS x
DELETE x
