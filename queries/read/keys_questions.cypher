// The id of every :Question node, as one record (what load --replace diffs against the dataset).
// Parameters: none
// Returns: keys (list of strings)
MATCH (n:Question)
RETURN collect(n.id) AS keys
