// Creates :Party nodes in the generation a load stages (invisible to readers until the load is switched in).
// Parameters: $rows (list of property maps, each with id), $gen (integer: the generation being staged)
// Returns: nothing
UNWIND $rows AS r
CREATE (n:Party)
SET n = r, n.gen = $gen
