// Every relationship of the current generation with its endpoints' labels and keys and its properties: for canonical dumps.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: start_labels, start_key, type, properties, end_labels, end_key
MATCH (a)-[r]->(b)
WHERE coalesce(a.gen, 0) = $gen
RETURN labels(a) AS start_labels, coalesce(a.id, a.key) AS start_key, type(r) AS type,
       properties(r) AS properties, labels(b) AS end_labels, coalesce(b.id, b.key) AS end_key
