// Every phase as a record of the interchange format.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: record (map: properties plus deal_id)
MATCH (n:Phase)
WHERE coalesce(n.gen, 0) = $gen
RETURN n {.*, deal_id: [(n)-[:OF_DEAL]->(d:Deal) | d.id][0]} AS record
