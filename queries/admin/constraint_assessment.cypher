// Ensures every :Assessment has a key unique within its generation (the look-up key of a load's links).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT assessment_key_gen IF NOT EXISTS FOR (n:Assessment) REQUIRE (n.key, n.gen) IS UNIQUE
