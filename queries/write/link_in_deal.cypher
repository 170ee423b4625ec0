// Creates (:Party)-[:IN_DEAL]->(:Deal) relationships between nodes of the staged generation, grouped by start node.
// Parameters: $rows (list of {start: Party id, ends: list of Deal ids}), $gen (integer: the generation being staged)
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Party {id: r.start, gen: $gen})
UNWIND r.ends AS target
MATCH (b:Deal {id: target, gen: $gen})
CREATE (a)-[:IN_DEAL]->(b)
