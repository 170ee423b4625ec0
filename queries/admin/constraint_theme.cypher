// Ensures every :Theme has a unique id (the MERGE key of themes).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT theme_id IF NOT EXISTS FOR (n:Theme) REQUIRE n.id IS UNIQUE
