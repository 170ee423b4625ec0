// Ensures every :Change has a unique id (the change log of the app's entries; outside the generations).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT change_id IF NOT EXISTS FOR (n:Change) REQUIRE n.id IS UNIQUE
