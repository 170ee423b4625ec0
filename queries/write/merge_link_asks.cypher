// Creates (or keeps, when a retry already made them) (:Party)-[:ASKS]->(:Question) relationships, grouped by start node.
// Parameters: $rows (list of {start: Party id, ends: list of Question ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Party {id: r.start})
UNWIND r.ends AS target
MATCH (b:Question {id: target})
MERGE (a)-[:ASKS]->(b)
