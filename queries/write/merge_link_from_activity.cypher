// Creates (or keeps, when a retry already made them) (:Lesson)-[:FROM_ACTIVITY]->(:Activity) relationships, grouped by start node.
// Parameters: $rows (list of {start: Lesson id, ends: list of Activity ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Lesson {id: r.start})
UNWIND r.ends AS target
MATCH (b:Activity {id: target})
MERGE (a)-[:FROM_ACTIVITY]->(b)
