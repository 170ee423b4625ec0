// Ensures every :Phase has a id unique within its generation (the look-up key of a load's links).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT phase_id_gen IF NOT EXISTS FOR (n:Phase) REQUIRE (n.id, n.gen) IS UNIQUE
