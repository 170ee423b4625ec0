// Ensures every :Party has a unique id (the MERGE key of parties).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT party_id IF NOT EXISTS FOR (n:Party) REQUIRE n.id IS UNIQUE
