// The id of every :Bottleneck node, as one record (what load --replace diffs against the dataset).
// Parameters: none
// Returns: keys (list of strings)
MATCH (n:Bottleneck)
RETURN collect(n.id) AS keys
