// Every bottleneck as a record of the interchange format.
// Parameters: none
// Returns: record (map: properties plus raised_by_id, addressed_to_id and theme_ids)
MATCH (n:Bottleneck)
RETURN n {.*,
          raised_by_id: [(p:Party)-[:RAISED]->(n) | p.id][0],
          addressed_to_id: [(n)-[:ADDRESSED_TO]->(p:Party) | p.id][0],
          theme_ids: [(n)-[:ON_THEME]->(t:Theme) | t.id]} AS record
