// Ensures there is one :ChangeLog node per id (the lock every save of the app's entries takes first).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT changelog_id IF NOT EXISTS FOR (n:ChangeLog) REQUIRE n.id IS UNIQUE
