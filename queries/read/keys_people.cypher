// The id of every :Person node, as one record (what load --replace diffs against the dataset).
// Parameters: none
// Returns: keys (list of strings)
MATCH (n:Person)
RETURN collect(n.id) AS keys
