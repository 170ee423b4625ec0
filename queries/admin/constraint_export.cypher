// Ensures every :Export has a unique id (the log of dealnet export; outside the generations).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT export_id IF NOT EXISTS FOR (n:Export) REQUIRE n.id IS UNIQUE
