// The load whose generation readers see: the complete load of the highest generation. Finishing a load
// (write/finish_load) is what switches readers to its generation, in one short transaction.
// Parameters: none
// Returns: id, status, started_at, finished_at, source, counts (JSON text or null),
//          gen (integer; 0 for a load from before generations); no row for a store without a complete load
MATCH (l:Load)
WHERE l.status = 'complete'
RETURN l.id AS id, l.status AS status, l.started_at AS started_at, l.finished_at AS finished_at,
       l.source AS source, l.counts AS counts, coalesce(l.gen, 0) AS gen
ORDER BY gen DESC, l.started_at DESC
LIMIT 1
