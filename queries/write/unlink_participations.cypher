// Deletes the participations that rows of participations define, so a reload can create them anew.
// Parameters: $rows (list of {party_id, activity_id, key}); key is activity_id|party_id|person_id
// Returns: nothing
// Collected first: ArcadeDB fails when a statement deletes edges it is still iterating.
UNWIND $rows AS r
MATCH (:Party {id: r.party_id})-[x:PARTICIPATED]->(:Activity {id: r.activity_id})
WHERE x.key = r.key
WITH collect(x) AS doomed
UNWIND doomed AS x
DELETE x
