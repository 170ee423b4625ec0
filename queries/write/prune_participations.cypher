// Removes participations that the dataset no longer holds (load --replace).
// Parameters: $keys (list of participation keys to keep)
// Returns: nothing
MATCH (:Party)-[x:PARTICIPATED]->(:Activity)
WHERE NOT x.key IN $keys
DELETE x
