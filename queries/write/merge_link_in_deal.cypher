// Creates (or keeps, when a retry already made them) (:Party)-[:IN_DEAL]->(:Deal) relationships, grouped by start node.
// Parameters: $rows (list of {start: Party id, ends: list of Deal ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Party {id: r.start})
UNWIND r.ends AS target
MATCH (b:Deal {id: target})
MERGE (a)-[:IN_DEAL]->(b)
