// The id of every :Theme node, as one record (what load --replace diffs against the dataset).
// Parameters: none
// Returns: keys (list of strings)
MATCH (n:Theme)
RETURN collect(n.id) AS keys
