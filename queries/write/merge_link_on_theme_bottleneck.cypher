// Creates (or keeps, when a retry already made them) (:Bottleneck)-[:ON_THEME]->(:Theme) relationships, grouped by start node.
// Parameters: $rows (list of {start: Bottleneck id, ends: list of Theme ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Bottleneck {id: r.start})
UNWIND r.ends AS target
MATCH (b:Theme {id: target})
MERGE (a)-[:ON_THEME]->(b)
