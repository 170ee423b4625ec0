// The most recent loads, newest first, finished or not.
// Parameters: $limit (integer)
// Returns: id, status, started_at, finished_at, source, counts (JSON text or null),
//          gen (integer: the generation the load wrote; 0 for loads from before generations)
MATCH (l:Load)
RETURN l.id AS id, l.status AS status, l.started_at AS started_at, l.finished_at AS finished_at,
       l.source AS source, l.counts AS counts, coalesce(l.gen, 0) AS gen
ORDER BY l.started_at DESC
LIMIT $limit
