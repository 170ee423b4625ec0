// Ensures every :Round (self-assessment round, kept outside the generations) has a unique id.
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT round_id IF NOT EXISTS FOR (n:Round) REQUIRE n.id IS UNIQUE
