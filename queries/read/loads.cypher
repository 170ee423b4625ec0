// The most recent loads, newest first.
// Parameters: $limit (integer)
// Returns: id, status, started_at, finished_at, source, counts (JSON text or null)
MATCH (l:Load)
RETURN l.id AS id, l.status AS status, l.started_at AS started_at, l.finished_at AS finished_at,
       l.source AS source, l.counts AS counts
ORDER BY l.started_at DESC
LIMIT $limit
