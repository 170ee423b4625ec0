// Records that a load has started; it stays 'unfinished' until finish_load runs.
// Parameters: $id (string), $started_at (UTC datetime as ISO text), $source (string), $replace (boolean)
// Returns: nothing
MERGE (l:Load {id: $id})
SET l.status = 'unfinished', l.started_at = $started_at, l.source = $source, l.replace = $replace
