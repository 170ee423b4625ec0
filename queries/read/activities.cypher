// Every activity as a record of the interchange format.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: one row: records (list of maps, one per activity: properties plus organiser_id, theme_ids and deal_id)
// One large record reads several times faster over Bolt than one record per activity (national scale).
// Incoming ends are matched from n, (n)<-[...]-(p): written the other way round, ArcadeDB scans
// every start node per row (60 s instead of 0.1 s for 3,000 deployments).
MATCH (n:Activity)
WHERE coalesce(n.gen, 0) = $gen
WITH n {.*,
          organiser_id: [(n)<-[:ORGANISED]-(p:Party) | p.id][0],
          theme_ids: [(n)-[:ON_THEME]->(t:Theme) | t.id],
          deal_id: [(n)-[:PART_OF_DEAL]->(d:Deal) | d.id][0]} AS record
RETURN collect(record) AS records
