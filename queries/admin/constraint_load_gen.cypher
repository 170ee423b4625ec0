// Ensures no two loads stage the same generation (two loads started at once: the second one fails).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT load_gen IF NOT EXISTS FOR (n:Load) REQUIRE n.gen IS UNIQUE
