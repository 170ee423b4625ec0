// Creates (:Phase)-[:OF_DEAL]->(:Deal) relationships between nodes of the staged generation, grouped by start node.
// Parameters: $rows (list of {start: Phase id, ends: list of Deal ids}), $gen (integer: the generation being staged)
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Phase {id: r.start, gen: $gen})
UNWIND r.ends AS target
MATCH (b:Deal {id: target, gen: $gen})
CREATE (a)-[:OF_DEAL]->(b)
