// Ensures every :Question has a unique id (the MERGE key of questions).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT question_id IF NOT EXISTS FOR (n:Question) REQUIRE n.id IS UNIQUE
