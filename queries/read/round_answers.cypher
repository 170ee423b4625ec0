// Which parties answered a self-assessment round, and when (last answer).
// Parameters: $round_id
// Returns: party_id, answered_at, scores (integer: indicators scored)
MATCH (a:RoundAnswer)
WHERE a.round_id = $round_id
RETURN a.party_id AS party_id, a.answered_at AS answered_at, a.scores AS scores
ORDER BY party_id
