// Creates (or keeps, when a retry already made them) (:Activity)-[:PART_OF_DEAL]->(:Deal) relationships, grouped by start node.
// Parameters: $rows (list of {start: Activity id, ends: list of Deal ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Activity {id: r.start})
UNWIND r.ends AS target
MATCH (b:Deal {id: target})
MERGE (a)-[:PART_OF_DEAL]->(b)
