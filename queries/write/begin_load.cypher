// Records that a load has started and gives it the next generation number. What the load writes carries
// that number and stays invisible to readers until finish_load marks the load complete.
// Parameters: $id (string), $started_at (UTC datetime as ISO text), $source (string), $replace (boolean)
// Returns: gen (integer: the generation to stage; also kept as `staged`, unique: two loads never stage one)
// Run again for the same $id (a retried transaction), the load takes a fresh number: whatever the first
// attempt staged is then an abandoned generation, never read and deleted by the next clean-up.
OPTIONAL MATCH (other:Load)
WITH coalesce(max(other.gen), 0) + 1 AS gen
MERGE (l:Load {id: $id})
SET l.status = 'unfinished', l.started_at = $started_at, l.source = $source, l.replace = $replace, l.gen = gen,
    l.staged = gen
RETURN gen
