// Creates (:Lesson)-[:FROM_ACTIVITY]->(:Activity) relationships between nodes of the staged generation, grouped by start node.
// Parameters: $rows (list of {start: Lesson id, ends: list of Activity ids}), $gen (integer: the generation being staged)
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Lesson {id: r.start, gen: $gen})
UNWIND r.ends AS target
MATCH (b:Activity {id: target, gen: $gen})
CREATE (a)-[:FROM_ACTIVITY]->(b)
