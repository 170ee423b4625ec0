// Every self-assessment score as a record of the interchange format.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: record (map: the score's properties)
MATCH (n:Assessment)
WHERE coalesce(n.gen, 0) = $gen
RETURN properties(n) AS record
