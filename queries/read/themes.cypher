// Every theme as a record of the interchange format.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: record (map: properties plus parent_id)
MATCH (n:Theme)
WHERE coalesce(n.gen, 0) = $gen
RETURN n {.*, parent_id: [(n)-[:SUBTHEME_OF]->(p:Theme) | p.id][0]} AS record
