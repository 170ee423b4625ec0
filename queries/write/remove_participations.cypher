// Deletes removed (:Party)-[:PARTICIPATED]->(:Activity) relationships of the current generation in place
// (a delta load or an app entry).
// Parameters: $rows (list of {party_id, key}), $gen (integer: the current generation)
// Returns: removed (integer: relationships found and deleted)
UNWIND $rows AS r
MATCH (:Party {id: r.party_id, gen: $gen})-[x:PARTICIPATED {key: r.key}]->(:Activity)
DELETE x
RETURN count(*) AS removed
