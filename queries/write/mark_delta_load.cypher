// Records a load (or a save of the app's entries) that wrote its changes in place into the current generation
// $gen, in the same transaction: a complete :Load of that generation, newer than the one before, so it becomes
// the current load (read/current_load: highest generation, then latest start) and readers' store version changes.
// Parameters: $id (string), $started_at and $finished_at (UTC datetimes as ISO text), $source (string),
//             $replace (boolean), $gen (integer: the current generation), $counts (JSON text of counts per file),
//             $changes (JSON text of what it added, changed and removed per file)
// Returns: gen (integer; no row when a load of a higher generation is complete: the delta was read from old data)
OPTIONAL MATCH (newer:Load)
WHERE newer.status = 'complete' AND newer.gen > $gen
WITH count(newer) AS newer
WHERE newer = 0
CREATE (l:Load {id: $id})
SET l.status = 'complete', l.started_at = $started_at, l.finished_at = $finished_at, l.source = $source,
    l.replace = $replace, l.gen = $gen, l.counts = $counts, l.changes = $changes, l.in_place = true
RETURN l.gen AS gen
