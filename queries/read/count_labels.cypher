// Number of nodes per label.
// Parameters: none
// Returns: labels (list of strings), count (integer)
MATCH (n)
RETURN labels(n) AS labels, count(*) AS count
