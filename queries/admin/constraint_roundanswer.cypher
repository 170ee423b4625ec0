// Ensures every :RoundAnswer (self-assessment answer (round and party), kept outside the generations) has a unique key.
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT roundanswer_key IF NOT EXISTS FOR (n:RoundAnswer) REQUIRE n.key IS UNIQUE
