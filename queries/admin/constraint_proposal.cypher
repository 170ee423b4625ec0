// Ensures every :Proposal (check-in proposal, kept outside the generations) has a unique id.
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT proposal_id IF NOT EXISTS FOR (n:Proposal) REQUIRE n.id IS UNIQUE
