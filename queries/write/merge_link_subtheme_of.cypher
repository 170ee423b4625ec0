// Creates (or keeps, when a retry already made them) (:Theme)-[:SUBTHEME_OF]->(:Theme) relationships, grouped by start node.
// Parameters: $rows (list of {start: Theme id, ends: list of Theme ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Theme {id: r.start})
UNWIND r.ends AS target
MATCH (b:Theme {id: target})
MERGE (a)-[:SUBTHEME_OF]->(b)
