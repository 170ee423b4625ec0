// Ensures every :Theme has a id unique within its generation (the look-up key of a load's links).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT theme_id_gen IF NOT EXISTS FOR (n:Theme) REQUIRE (n.id, n.gen) IS UNIQUE
