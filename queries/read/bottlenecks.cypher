// Every bottleneck as a record of the interchange format.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: one row: records (list of maps, one per bottleneck: properties plus raised_by_id, addressed_to_id and theme_ids)
// One large record reads several times faster over Bolt than one record per bottleneck (national scale).
// Incoming ends are matched from n, (n)<-[...]-(p): written the other way round, ArcadeDB scans
// every start node per row (60 s instead of 0.1 s for 3,000 deployments).
MATCH (n:Bottleneck)
WHERE coalesce(n.gen, 0) = $gen
WITH n {.*,
          raised_by_id: [(n)<-[:RAISED]-(p:Party) | p.id][0],
          addressed_to_id: [(n)-[:ADDRESSED_TO]->(p:Party) | p.id][0],
          theme_ids: [(n)-[:ON_THEME]->(t:Theme) | t.id]} AS record
RETURN collect(record) AS records
