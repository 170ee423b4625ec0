// Every change of one save (records saved together share a batch), in the order they were saved.
// Parameters: $batch (string)
// Returns: change (map: id, at, actor, role, file, key, action, before, after, batch, seq)
MATCH (c:Change)
WHERE c.batch = $batch
RETURN c {.*} AS change
ORDER BY c.seq
