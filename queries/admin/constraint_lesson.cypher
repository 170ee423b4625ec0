// Ensures every :Lesson has a unique id (the MERGE key of lessons).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT lesson_id IF NOT EXISTS FOR (n:Lesson) REQUIRE n.id IS UNIQUE
