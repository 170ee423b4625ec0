// Deletes the (:Party)-[:RAISED]->(:Bottleneck) relationships that :Bottleneck records' raised_by_id made, for records whose raised_by_id
// changed in place (a delta load or an app entry); write/link_raised creates them anew.
// Parameters: $ids (list of Bottleneck ids), $gen (integer: the current generation)
// Returns: nothing
UNWIND $ids AS id
MATCH (n:Bottleneck {id: id, gen: $gen})
MATCH (:Party)-[x:RAISED]->(n)
DELETE x
