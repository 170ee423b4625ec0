// Creates (or keeps, when a retry already made them) (:Person)-[:WORKS_AT]->(:Party) relationships, grouped by start node.
// Parameters: $rows (list of {start: Person id, ends: list of Party ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Person {id: r.start})
UNWIND r.ends AS target
MATCH (b:Party {id: target})
MERGE (a)-[:WORKS_AT]->(b)
