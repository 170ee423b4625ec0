// Every activity as a record of the interchange format, all in one row (one large record reads
// much faster over Bolt than 20,000 small ones).
// Parameters: none
// Returns: records (list of maps: properties plus organiser_id, theme_ids and deal_id)
MATCH (n:Activity)
RETURN collect(n {.*,
                  organiser_id: [(n)<-[:ORGANISED]-(p:Party) | p.id][0],
                  theme_ids: [(n)-[:ON_THEME]->(t:Theme) | t.id],
                  deal_id: [(n)-[:PART_OF_DEAL]->(d:Deal) | d.id][0]}) AS records
