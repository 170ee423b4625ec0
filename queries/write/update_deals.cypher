// Sets the properties of changed :Deal nodes of the current generation in place (a delta load or an app entry):
// the node keeps its relationships, those other records own included.
// Parameters: $rows (list of property maps, each with id), $gen (integer: the current generation)
// Returns: updated (integer: nodes found and set; fewer than the rows when the store changed meanwhile)
UNWIND $rows AS r
MATCH (n:Deal {id: r.id, gen: $gen})
SET n = r, n.gen = $gen
RETURN count(n) AS updated
