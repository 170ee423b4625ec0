// Ensures every :Assessment has a unique key (the MERGE key of assessments).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT assessment_key IF NOT EXISTS FOR (n:Assessment) REQUIRE n.key IS UNIQUE
