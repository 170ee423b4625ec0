// Creates :Lesson nodes that the load knows are new (the label was empty).
// Parameters: $rows (list of property maps, each with id)
// Returns: nothing
UNWIND $rows AS r
CREATE (n:Lesson)
SET n = r
