// Creates (:Lesson)-[:ORIGINATED_AT]->(:Party) relationships between nodes of the staged generation, grouped by start node.
// Parameters: $rows (list of {start: Lesson id, ends: list of Party ids}), $gen (integer: the generation being staged)
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Lesson {id: r.start, gen: $gen})
UNWIND r.ends AS target
MATCH (b:Party {id: target, gen: $gen})
CREATE (a)-[:ORIGINATED_AT]->(b)
