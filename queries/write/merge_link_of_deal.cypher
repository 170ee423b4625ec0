// Creates (or keeps, when a retry already made them) (:Phase)-[:OF_DEAL]->(:Deal) relationships, grouped by start node.
// Parameters: $rows (list of {start: Phase id, ends: list of Deal ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Phase {id: r.start})
UNWIND r.ends AS target
MATCH (b:Deal {id: target})
MERGE (a)-[:OF_DEAL]->(b)
