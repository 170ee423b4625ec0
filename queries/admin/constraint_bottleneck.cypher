// Ensures every :Bottleneck has a unique id (the MERGE key of bottlenecks).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT bottleneck_id IF NOT EXISTS FOR (n:Bottleneck) REQUIRE n.id IS UNIQUE
