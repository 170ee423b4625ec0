// Creates (or keeps, when a retry already made them) (:Bottleneck)-[:ADDRESSED_TO]->(:Party) relationships, grouped by start node.
// Parameters: $rows (list of {start: Bottleneck id, ends: list of Party ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Bottleneck {id: r.start})
UNWIND r.ends AS target
MATCH (b:Party {id: target})
MERGE (a)-[:ADDRESSED_TO]->(b)
