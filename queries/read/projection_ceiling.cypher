// The Bolt transport ceiling: receives rows and writes nothing (benchmark floor of loads).
// Parameters: $rows (list of maps, shaped like the rows of a load step)
// Returns: rows (integer: how many rows arrived)
UNWIND $rows AS r
RETURN count(r) AS rows
