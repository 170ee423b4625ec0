// Every person as a record of the interchange format.
// Parameters: none
// Returns: record (map: properties plus party_id)
MATCH (n:Person)
RETURN n {.*, party_id: [(n)-[:WORKS_AT]->(p:Party) | p.id][0]} AS record
