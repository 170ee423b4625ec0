// Creates (or keeps, when a retry already made them) (:Party)-[:PART_OF]->(:Party) relationships, grouped by start node.
// Parameters: $rows (list of {start: Party id, ends: list of Party ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Party {id: r.start})
UNWIND r.ends AS target
MATCH (b:Party {id: target})
MERGE (a)-[:PART_OF]->(b)
