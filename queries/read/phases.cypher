// Every phase as a record of the interchange format.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: one row: records (list of maps, one per phase: properties plus deal_id)
// One large record reads several times faster over Bolt than one record per phase (national scale).
MATCH (n:Phase)
WHERE coalesce(n.gen, 0) = $gen
WITH n {.*, deal_id: [(n)-[:OF_DEAL]->(d:Deal) | d.id][0]} AS record
RETURN collect(record) AS records
