// Deletes the participations that rows of participations define, so a reload can create them anew.
// Parameters: $rows (list of {party_id, activity_id, key}); key is activity_id|party_id|person_id
// Returns: nothing
// Matched from the activity (a few participants) rather than the party (thousands of
// participations): from the party, every row walks all its edges. Collected first:
// ArcadeDB fails when a statement deletes edges it is still iterating.
UNWIND $rows AS r
MATCH (:Activity {id: r.activity_id})<-[x:PARTICIPATED]-(p:Party)
WHERE p.id = r.party_id AND x.key = r.key
WITH collect(x) AS doomed
UNWIND doomed AS x
DELETE x
