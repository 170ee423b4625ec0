// Every person as a record of the interchange format.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: record (map: properties plus party_id)
MATCH (n:Person)
WHERE coalesce(n.gen, 0) = $gen
RETURN n {.*, party_id: [(n)-[:WORKS_AT]->(p:Party) | p.id][0]} AS record
