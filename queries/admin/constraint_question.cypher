// Ensures every :Question has a id unique within its generation (the look-up key of a load's links).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT question_id_gen IF NOT EXISTS FOR (n:Question) REQUIRE (n.id, n.gen) IS UNIQUE
