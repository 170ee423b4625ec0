// Every adoption as records of the interchange format, one row per party: fewer, larger records
// read much faster over Bolt than one record per adoption.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: party_id (string), records (list of maps: the relationship's properties plus lesson_id)
MATCH (p:Party)
WHERE coalesce(p.gen, 0) = $gen
WITH p, [(p)-[x:ADOPTED]->(l:Lesson) | x {.*, lesson_id: l.id}] AS records
WHERE size(records) > 0
RETURN p.id AS party_id, records
