// Creates (:Lesson)-[:ON_THEME]->(:Theme) relationships between nodes of the staged generation, grouped by start node.
// Parameters: $rows (list of {start: Lesson id, ends: list of Theme ids}), $gen (integer: the generation being staged)
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Lesson {id: r.start, gen: $gen})
UNWIND r.ends AS target
MATCH (b:Theme {id: target, gen: $gen})
CREATE (a)-[:ON_THEME]->(b)
