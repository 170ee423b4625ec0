// The id of every :Lesson node, as one record (what load --replace diffs against the dataset).
// Parameters: none
// Returns: keys (list of strings)
MATCH (n:Lesson)
RETURN collect(n.id) AS keys
