// Creates :Assessment nodes that the load knows are new (the label was empty).
// Parameters: $rows (list of property maps, each with key)
// Returns: nothing
UNWIND $rows AS r
CREATE (n:Assessment)
SET n = r
