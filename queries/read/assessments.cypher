// Every self-assessment score as a record of the interchange format.
// Parameters: none
// Returns: record (map: the score's properties)
MATCH (n:Assessment)
RETURN properties(n) AS record
