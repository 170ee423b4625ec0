// Every lesson as a record of the interchange format.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: one row: records (list of maps, one per lesson: properties plus origin_id, theme_ids, activity_id and deployment_id)
// One large record reads several times faster over Bolt than one record per lesson (national scale).
MATCH (n:Lesson)
WHERE coalesce(n.gen, 0) = $gen
WITH n {.*,
          origin_id: [(n)-[:ORIGINATED_AT]->(p:Party) | p.id][0],
          theme_ids: [(n)-[:ON_THEME]->(t:Theme) | t.id],
          activity_id: [(n)-[:FROM_ACTIVITY]->(a:Activity) | a.id][0],
          deployment_id: [(n)-[:FROM_DEPLOYMENT]->(d:Deployment) | d.id][0]} AS record
RETURN collect(record) AS records
