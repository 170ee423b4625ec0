// Creates (or keeps, when a retry already made them) (:Person)-[:EXPERT]->(:Deployment) relationships, grouped by start node.
// Parameters: $rows (list of {start: Person id, ends: list of Deployment ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Person {id: r.start})
UNWIND r.ends AS target
MATCH (b:Deployment {id: target})
MERGE (a)-[:EXPERT]->(b)
