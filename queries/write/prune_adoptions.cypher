// Removes adoptions that the dataset no longer holds (load --replace).
// Parameters: $keys (list of adoption keys to keep)
// Returns: nothing
MATCH (:Party)-[a:ADOPTED]->(:Lesson)
WHERE NOT a.key IN $keys
DELETE a
