// Creates (or keeps, when a retry already made them) (:Deployment)-[:ANSWERS]->(:Question) relationships, grouped by start node.
// Parameters: $rows (list of {start: Deployment id, ends: list of Question ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Deployment {id: r.start})
UNWIND r.ends AS target
MATCH (b:Question {id: target})
MERGE (a)-[:ANSWERS]->(b)
