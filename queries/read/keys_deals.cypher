// The id of every :Deal node, as one record (what load --replace diffs against the dataset).
// Parameters: none
// Returns: keys (list of strings)
MATCH (n:Deal)
RETURN collect(n.id) AS keys
