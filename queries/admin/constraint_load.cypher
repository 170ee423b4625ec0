// Ensures every :Load has a unique id (the MERGE key of loads).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT load_id IF NOT EXISTS FOR (n:Load) REQUIRE n.id IS UNIQUE
