// Every deal as a record of the interchange format.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: record (map: the deal's properties)
MATCH (n:Deal)
WHERE coalesce(n.gen, 0) = $gen
RETURN properties(n) AS record
