// Marks a load complete, with what it held: the switch that makes readers see its generation.
// Parameters: $id (string), $gen (integer: the generation it staged), $finished_at (UTC datetime as ISO text),
//             $counts (JSON text of counts per file)
// Returns: gen (integer; no row if the load no longer stages $gen, which the writer treats as an error)
MATCH (l:Load {id: $id})
WHERE l.gen = $gen
SET l.status = 'complete', l.finished_at = $finished_at, l.counts = $counts
RETURN l.gen AS gen
