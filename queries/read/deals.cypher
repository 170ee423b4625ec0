// Every deal as a record of the interchange format.
// Parameters: none
// Returns: record (map: the deal's properties)
MATCH (n:Deal)
RETURN properties(n) AS record
