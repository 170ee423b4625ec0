// Every deployment as a record of the interchange format.
// Parameters: none
// Returns: record (map: properties plus provider_id, recipient_id, expert_id, question_id and theme_ids)
MATCH (n:Deployment)
RETURN n {.*,
          provider_id: [(p:Party)-[:PROVIDED]->(n) | p.id][0],
          recipient_id: [(n)-[:FOR]->(p:Party) | p.id][0],
          expert_id: [(e:Person)-[:EXPERT]->(n) | e.id][0],
          question_id: [(n)-[:ANSWERS]->(q:Question) | q.id][0],
          theme_ids: [(n)-[:ON_THEME]->(t:Theme) | t.id]} AS record
