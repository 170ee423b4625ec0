// Ensures every :Phase has a unique id (the MERGE key of phases).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT phase_id IF NOT EXISTS FOR (n:Phase) REQUIRE n.id IS UNIQUE
