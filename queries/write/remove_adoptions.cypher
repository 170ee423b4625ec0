// Deletes removed (:Party)-[:ADOPTED]->(:Lesson) relationships of the current generation in place
// (a delta load or an app entry).
// Parameters: $rows (list of {party_id, key}), $gen (integer: the current generation)
// Returns: removed (integer: relationships found and deleted)
UNWIND $rows AS r
MATCH (:Party {id: r.party_id, gen: $gen})-[x:ADOPTED {key: r.key}]->(:Lesson)
DELETE x
RETURN count(*) AS removed
