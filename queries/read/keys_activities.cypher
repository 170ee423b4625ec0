// The id of every :Activity node, as one record (what load --replace diffs against the dataset).
// Parameters: none
// Returns: keys (list of strings)
MATCH (n:Activity)
RETURN collect(n.id) AS keys
