// Creates (:Party)-[:RAISED]->(:Bottleneck) relationships between nodes of the staged generation, grouped by start node.
// Parameters: $rows (list of {start: Party id, ends: list of Bottleneck ids}), $gen (integer: the generation being staged)
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Party {id: r.start, gen: $gen})
UNWIND r.ends AS target
MATCH (b:Bottleneck {id: target, gen: $gen})
CREATE (a)-[:RAISED]->(b)
