// Every person as a record of the interchange format, all in one row (one large record reads
// much faster over Bolt than 10,000 small ones).
// Parameters: none
// Returns: records (list of maps: properties plus party_id)
MATCH (n:Person)
RETURN collect(n {.*, party_id: [(n)-[:WORKS_AT]->(p:Party) | p.id][0]}) AS records
