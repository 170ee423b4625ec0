// Every deployment as a record of the interchange format.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: one row: records (list of maps, one per deployment: properties plus provider_id, recipient_id, expert_id, question_id and theme_ids)
// One large record reads several times faster over Bolt than one record per deployment (national scale).
// Incoming ends are matched from n, (n)<-[...]-(p): written the other way round, ArcadeDB scans
// every start node per row (60 s instead of 0.1 s for 3,000 deployments).
MATCH (n:Deployment)
WHERE coalesce(n.gen, 0) = $gen
WITH n {.*,
          provider_id: [(n)<-[:PROVIDED]-(p:Party) | p.id][0],
          recipient_id: [(n)-[:FOR]->(p:Party) | p.id][0],
          expert_id: [(n)<-[:EXPERT]-(e:Person) | e.id][0],
          question_id: [(n)-[:ANSWERS]->(q:Question) | q.id][0],
          theme_ids: [(n)-[:ON_THEME]->(t:Theme) | t.id]} AS record
RETURN collect(record) AS records
