// Creates (or keeps, when a retry already made them) (:Party)-[:ORGANISED]->(:Activity) relationships, grouped by start node.
// Parameters: $rows (list of {start: Party id, ends: list of Activity ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Party {id: r.start})
UNWIND r.ends AS target
MATCH (b:Activity {id: target})
MERGE (a)-[:ORGANISED]->(b)
