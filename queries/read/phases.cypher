// Every phase as a record of the interchange format.
// Parameters: none
// Returns: record (map: properties plus deal_id)
MATCH (n:Phase)
RETURN n {.*, deal_id: [(n)-[:OF_DEAL]->(d:Deal) | d.id][0]} AS record
