// Every activity as a record of the interchange format.
// Parameters: none
// Returns: record (map: properties plus organiser_id, theme_ids and deal_id)
MATCH (n:Activity)
RETURN n {.*,
          organiser_id: [(p:Party)-[:ORGANISED]->(n) | p.id][0],
          theme_ids: [(n)-[:ON_THEME]->(t:Theme) | t.id],
          deal_id: [(n)-[:PART_OF_DEAL]->(d:Deal) | d.id][0]} AS record
