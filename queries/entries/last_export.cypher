// The latest export of the store.
// Parameters: none
// Returns: id, at, actor, target; no row before the first export
MATCH (e:Export)
RETURN e.id AS id, e.at AS at, e.actor AS actor, e.target AS target
ORDER BY e.at DESC
LIMIT 1
