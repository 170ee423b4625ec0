// Removes :Activity nodes that the dataset no longer holds (load --replace).
// Parameters: $keys (list of id values to keep)
// Returns: nothing
MATCH (n:Activity)
WHERE NOT n.id IN $keys
DETACH DELETE n
