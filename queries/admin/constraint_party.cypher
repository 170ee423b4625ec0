// Ensures every :Party has a id unique within its generation (the look-up key of a load's links).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT party_id_gen IF NOT EXISTS FOR (n:Party) REQUIRE (n.id, n.gen) IS UNIQUE
