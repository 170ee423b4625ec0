// Creates or updates :Deal nodes by id; properties absent from the row are removed.
// Parameters: $rows (list of property maps, each with id)
// Returns: nothing
UNWIND $rows AS r
MERGE (n:Deal {id: r.id})
SET n = r
