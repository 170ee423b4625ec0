// Ensures every :Deployment has a id unique within its generation (the look-up key of a load's links).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT deployment_id_gen IF NOT EXISTS FOR (n:Deployment) REQUIRE (n.id, n.gen) IS UNIQUE
