// Creates (or keeps, when a retry already made them) (:Person)-[:EXPERT]->(:Deployment) relationships, grouped by start node.
// Parameters: $rows (list of {start: Person id, ends: list of Deployment ids})
// Returns: nothing
// MERGE written from the low-degree end (b): ArcadeDB expands a MERGE pattern from its first
// node, and an expert has several deployments, a deployment one expert.
UNWIND $rows AS r
MATCH (a:Person {id: r.start})
UNWIND r.ends AS target
MATCH (b:Deployment {id: target})
MERGE (b)<-[:EXPERT]-(a)
