// Ensures every :Activity has a id unique within its generation (the look-up key of a load's links).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT activity_id_gen IF NOT EXISTS FOR (n:Activity) REQUIRE (n.id, n.gen) IS UNIQUE
