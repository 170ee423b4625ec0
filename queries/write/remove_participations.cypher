// Deletes removed (:Party)-[:PARTICIPATED]->(:Activity) relationships of the current generation in place
// (a delta load or an app entry).
// Parameters: $rows (list of {activity_id, key}), $gen (integer: the current generation)
// Matched from the activity (a few of them each; a party has hundreds), by the key, which names the party.
// Returns: removed (integer: relationships found and deleted)
UNWIND $rows AS r
MATCH (:Activity {id: r.activity_id, gen: $gen})<-[x:PARTICIPATED {key: r.key}]-(:Party)
DELETE x
RETURN count(*) AS removed
