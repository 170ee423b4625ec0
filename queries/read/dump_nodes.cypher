// Every node but the load log, with its labels and properties: for canonical dumps.
// Parameters: none
// Returns: labels (list of strings), properties (map)
MATCH (n)
WHERE NOT n:Load
RETURN labels(n) AS labels, properties(n) AS properties
