// Creates (or keeps, when a retry already made them) (:Deployment)-[:FOR]->(:Party) relationships, grouped by start node.
// Parameters: $rows (list of {start: Deployment id, ends: list of Party ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Deployment {id: r.start})
UNWIND r.ends AS target
MATCH (b:Party {id: target})
MERGE (a)-[:FOR]->(b)
