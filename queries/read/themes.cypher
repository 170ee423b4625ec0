// Every theme as a record of the interchange format.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: one row: records (list of maps, one per theme: properties plus parent_id)
// One large record reads several times faster over Bolt than one record per theme (national scale).
MATCH (n:Theme)
WHERE coalesce(n.gen, 0) = $gen
WITH n {.*, parent_id: [(n)-[:SUBTHEME_OF]->(p:Theme) | p.id][0]} AS record
RETURN collect(record) AS records
