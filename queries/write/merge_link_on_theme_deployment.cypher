// Creates (or keeps, when a retry already made them) (:Deployment)-[:ON_THEME]->(:Theme) relationships, grouped by start node.
// Parameters: $rows (list of {start: Deployment id, ends: list of Theme ids})
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Deployment {id: r.start})
UNWIND r.ends AS target
MATCH (b:Theme {id: target})
MERGE (a)-[:ON_THEME]->(b)
