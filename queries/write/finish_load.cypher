// Marks a load complete, with what it held.
// Parameters: $id (string), $finished_at (UTC datetime as ISO text), $counts (JSON text of counts per file)
// Returns: nothing
MATCH (l:Load {id: $id})
SET l.status = 'complete', l.finished_at = $finished_at, l.counts = $counts
