// Deletes the participations that rows of participations define, so a reload can create them anew.
// Parameters: $rows (list of {party_id, activity_id, key}); key is activity_id|party_id|person_id
// Returns: nothing
UNWIND $rows AS r
MATCH (:Party {id: r.party_id})-[x:PARTICIPATED]->(:Activity {id: r.activity_id})
WHERE x.key = r.key
DELETE x
