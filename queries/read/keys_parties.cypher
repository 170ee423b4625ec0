// The id of every :Party node, as one record (what load --replace diffs against the dataset).
// Parameters: none
// Returns: keys (list of strings)
MATCH (n:Party)
RETURN collect(n.id) AS keys
