// Every person as a record of the interchange format.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: one row: records (list of maps, one per person: properties plus party_id)
// One large record reads several times faster over Bolt than one record per person (national scale).
MATCH (n:Person)
WHERE coalesce(n.gen, 0) = $gen
WITH n {.*, party_id: [(n)-[:WORKS_AT]->(p:Party) | p.id][0]} AS record
RETURN collect(record) AS records
