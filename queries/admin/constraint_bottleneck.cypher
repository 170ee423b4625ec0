// Ensures every :Bottleneck has a id unique within its generation (the look-up key of a load's links).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT bottleneck_id_gen IF NOT EXISTS FOR (n:Bottleneck) REQUIRE (n.id, n.gen) IS UNIQUE
