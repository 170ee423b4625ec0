// Creates (:Party)-[:ASKS]->(:Question) relationships between nodes of the staged generation, grouped by start node.
// Parameters: $rows (list of {start: Party id, ends: list of Question ids}), $gen (integer: the generation being staged)
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Party {id: r.start, gen: $gen})
UNWIND r.ends AS target
MATCH (b:Question {id: target, gen: $gen})
CREATE (a)-[:ASKS]->(b)
