// Creates (:Activity)-[:PART_OF_DEAL]->(:Deal) relationships between nodes of the staged generation, grouped by start node.
// Parameters: $rows (list of {start: Activity id, ends: list of Deal ids}), $gen (integer: the generation being staged)
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Activity {id: r.start, gen: $gen})
UNWIND r.ends AS target
MATCH (b:Deal {id: target, gen: $gen})
CREATE (a)-[:PART_OF_DEAL]->(b)
