// The key of every :Assessment node, as one record (what load --replace diffs against the dataset).
// Parameters: none
// Returns: keys (list of strings)
MATCH (n:Assessment)
RETURN collect(n.key) AS keys
