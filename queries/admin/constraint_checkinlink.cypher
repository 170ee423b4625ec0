// Ensures every :CheckinLink (check-in link, kept outside the generations) has a unique id.
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT checkinlink_id IF NOT EXISTS FOR (n:CheckinLink) REQUIRE n.id IS UNIQUE
