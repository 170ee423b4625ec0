// Records that a party answered a round (its scores are assessments records); a new answer replaces the time.
// Parameters: $key (round id and party id), $round_id, $party_id, $answered_at (UTC ISO text), $scores (integer)
// Returns: key
MERGE (a:RoundAnswer {key: $key})
ON CREATE SET a.round_id = $round_id, a.party_id = $party_id
SET a.answered_at = $answered_at, a.scores = $scores
RETURN a.key AS key
