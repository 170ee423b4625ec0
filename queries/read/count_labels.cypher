// Number of nodes per label in one generation (the load log left out).
// Parameters: $gen (integer: the generation, usually the current one, see read/current_load)
// Returns: labels (list of strings), count (integer)
MATCH (n)
WHERE coalesce(n.gen, 0) = $gen AND NOT n:Load
RETURN labels(n) AS labels, count(*) AS count
