// Every theme as a record of the interchange format.
// Parameters: none
// Returns: record (map: properties plus parent_id)
MATCH (n:Theme)
RETURN n {.*, parent_id: [(n)-[:SUBTHEME_OF]->(p:Theme) | p.id][0]} AS record
