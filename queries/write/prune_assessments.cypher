// Removes :Assessment nodes that the dataset no longer holds (load --replace).
// Parameters: $keys (list of key values to keep)
// Returns: nothing
MATCH (n:Assessment)
WHERE NOT n.key IN $keys
DETACH DELETE n
