// Creates (:Party)-[:IN_DEAL]->(:Deal) relationships, grouped by start node.
// Parameters: $rows (list of {start: Party id, ends: list of Deal ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Party {id: r.start})
UNWIND r.ends AS target
MATCH (b:Deal {id: target})
CREATE (a)-[:IN_DEAL]->(b)
