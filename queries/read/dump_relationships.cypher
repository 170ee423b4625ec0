// Every relationship with its endpoints' labels and keys and its properties: for canonical dumps.
// Parameters: none
// Returns: start_labels, start_key, type, properties, end_labels, end_key
MATCH (a)-[r]->(b)
RETURN labels(a) AS start_labels, coalesce(a.id, a.key) AS start_key, type(r) AS type,
       properties(r) AS properties, labels(b) AS end_labels, coalesce(b.id, b.key) AS end_key
