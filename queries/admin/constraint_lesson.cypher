// Ensures every :Lesson has a id unique within its generation (the look-up key of a load's links).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT lesson_id_gen IF NOT EXISTS FOR (n:Lesson) REQUIRE (n.id, n.gen) IS UNIQUE
