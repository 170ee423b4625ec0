// Ensures every :Person has a id unique within its generation (the look-up key of a load's links).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT person_id_gen IF NOT EXISTS FOR (n:Person) REQUIRE (n.id, n.gen) IS UNIQUE
