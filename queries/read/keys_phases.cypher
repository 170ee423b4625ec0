// The id of every :Phase node, as one record (what load --replace diffs against the dataset).
// Parameters: none
// Returns: keys (list of strings)
MATCH (n:Phase)
RETURN collect(n.id) AS keys
