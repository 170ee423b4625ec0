// Every question as a record of the interchange format.
// Parameters: none
// Returns: record (map: properties plus party_id and theme_ids)
MATCH (n:Question)
RETURN n {.*,
          party_id: [(p:Party)-[:ASKS]->(n) | p.id][0],
          theme_ids: [(n)-[:ON_THEME]->(t:Theme) | t.id]} AS record
