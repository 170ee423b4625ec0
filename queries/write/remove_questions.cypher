// Deletes removed :Question nodes of the current generation in place (a delta load or an app entry), with their
// relationships.
// Parameters: $keys (list of ids), $gen (integer: the current generation)
// Returns: removed (integer: nodes found and deleted)
UNWIND $keys AS k
MATCH (n:Question {id: k, gen: $gen})
DETACH DELETE n
RETURN count(*) AS removed
