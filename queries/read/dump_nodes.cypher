// Every node of the current generation with its labels and properties: for canonical dumps.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: labels (list of strings), properties (map; the caller drops gen)
MATCH (n)
WHERE coalesce(n.gen, 0) = $gen AND NOT n:Load
RETURN labels(n) AS labels, properties(n) AS properties
