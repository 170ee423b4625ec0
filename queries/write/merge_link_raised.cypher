// Creates (or keeps, when a retry already made them) (:Party)-[:RAISED]->(:Bottleneck) relationships, grouped by start node.
// Parameters: $rows (list of {start: Party id, ends: list of Bottleneck ids})
// Returns: nothing
// MERGE written from the low-degree end (b): ArcadeDB expands a MERGE pattern from its first
// node, and a party has thousands of these relationships.
UNWIND $rows AS r
MATCH (a:Party {id: r.start})
UNWIND r.ends AS target
MATCH (b:Bottleneck {id: target})
MERGE (b)<-[:RAISED]-(a)
