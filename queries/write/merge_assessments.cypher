// Creates or updates :Assessment nodes by key; properties absent from the row are removed.
// Parameters: $rows (list of property maps, each with key)
// Returns: nothing
UNWIND $rows AS r
MERGE (n:Assessment {key: r.key})
SET n = r
