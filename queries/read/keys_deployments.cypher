// The id of every :Deployment node, as one record (what load --replace diffs against the dataset).
// Parameters: none
// Returns: keys (list of strings)
MATCH (n:Deployment)
RETURN collect(n.id) AS keys
