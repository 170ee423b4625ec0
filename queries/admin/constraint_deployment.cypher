// Ensures every :Deployment has a unique id (the MERGE key of deployments).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT deployment_id IF NOT EXISTS FOR (n:Deployment) REQUIRE n.id IS UNIQUE
