// Creates (or keeps, when a retry already made them) (:Party)-[:RAISED]->(:Bottleneck) relationships, grouped by start node.
// Parameters: $rows (list of {start: Party id, ends: list of Bottleneck ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Party {id: r.start})
UNWIND r.ends AS target
MATCH (b:Bottleneck {id: target})
MERGE (a)-[:RAISED]->(b)
