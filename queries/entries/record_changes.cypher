// The changes of one record, newest first.
// Parameters: $file (string: the interchange file), $key (string: the record's key), $limit (integer)
// Returns: change (map: id, at, actor, role, file, key, action, before, after, batch, seq)
MATCH (c:Change)
WHERE c.file = $file AND c.key = $key
RETURN c {.*} AS change
ORDER BY c.at DESC, c.seq DESC
LIMIT $limit
