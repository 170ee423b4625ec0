// Ensures every :Deal has a unique id (the MERGE key of deals).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT deal_id IF NOT EXISTS FOR (n:Deal) REQUIRE n.id IS UNIQUE
