// Ensures every :Person has a unique id (the MERGE key of people).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE
