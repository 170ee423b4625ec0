// Ensures every :Deal has a id unique within its generation (the look-up key of a load's links).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT deal_id_gen IF NOT EXISTS FOR (n:Deal) REQUIRE (n.id, n.gen) IS UNIQUE
