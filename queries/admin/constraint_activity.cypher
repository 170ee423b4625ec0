// Ensures every :Activity has a unique id (the MERGE key of activities).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT activity_id IF NOT EXISTS FOR (n:Activity) REQUIRE n.id IS UNIQUE
