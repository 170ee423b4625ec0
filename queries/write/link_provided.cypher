// Creates (:Party)-[:PROVIDED]->(:Deployment) relationships between nodes of the staged generation, grouped by start node.
// Parameters: $rows (list of {start: Party id, ends: list of Deployment ids}), $gen (integer: the generation being staged)
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Party {id: r.start, gen: $gen})
UNWIND r.ends AS target
MATCH (b:Deployment {id: target, gen: $gen})
CREATE (a)-[:PROVIDED]->(b)
