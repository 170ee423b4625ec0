// Creates (or keeps, when a retry already made them) (:Party)-[:PROVIDED]->(:Deployment) relationships, grouped by start node.
// Parameters: $rows (list of {start: Party id, ends: list of Deployment ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Party {id: r.start})
UNWIND r.ends AS target
MATCH (b:Deployment {id: target})
MERGE (a)-[:PROVIDED]->(b)
