// Creates (or keeps, when a retry already made them) (:Lesson)-[:ORIGINATED_AT]->(:Party) relationships, grouped by start node.
// Parameters: $rows (list of {start: Lesson id, ends: list of Party ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Lesson {id: r.start})
UNWIND r.ends AS target
MATCH (b:Party {id: target})
MERGE (a)-[:ORIGINATED_AT]->(b)
