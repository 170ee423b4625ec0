// Creates (or keeps, when a retry already made them) (:Lesson)-[:FROM_DEPLOYMENT]->(:Deployment) relationships, grouped by start node.
// Parameters: $rows (list of {start: Lesson id, ends: list of Deployment ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Lesson {id: r.start})
UNWIND r.ends AS target
MATCH (b:Deployment {id: target})
MERGE (a)-[:FROM_DEPLOYMENT]->(b)
