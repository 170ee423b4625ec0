// The latest changes of the app's entries, newest first.
// Parameters: $limit (integer)
// Returns: change (map: id, at, actor, role, file, key, action, before, after, batch, seq)
MATCH (c:Change)
RETURN c {.*} AS change
ORDER BY c.at DESC, c.seq DESC
LIMIT $limit
