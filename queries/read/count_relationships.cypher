// Number of relationships per type in one generation (a relationship belongs to its start node's).
// Parameters: $gen (integer: the generation, usually the current one, see read/current_load)
// Returns: type (string), count (integer)
MATCH (a)-[r]->()
WHERE coalesce(a.gen, 0) = $gen
RETURN type(r) AS type, count(*) AS count
