// Number of relationships per type.
// Parameters: none
// Returns: type (string), count (integer)
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS count
