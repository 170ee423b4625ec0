// Deletes the (:Party)-[:RAISED]->(:Bottleneck) relationships that :Bottleneck records' raised_by_id made, for records whose raised_by_id
// changed in place (a delta load or an app entry); write/link_raised creates them anew.
// Parameters: $ids (list of Bottleneck ids), $gen (integer: the current generation)
// Returns: nothing
// Every relationship is found before any is deleted: ArcadeDB (26.10) fails with EntityNotFound when a statement
// matches a node's relationships again after deleting some of them (many removed from one node, one per row).
UNWIND $ids AS id
MATCH (n:Bottleneck {id: id, gen: $gen})
MATCH (:Party)-[x:RAISED]->(n)
WITH collect(x) AS found
FOREACH (x IN found | DELETE x)
