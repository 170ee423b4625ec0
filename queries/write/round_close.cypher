// Closes a self-assessment round: its links accept no more answers.
// Parameters: $id, $closed_by, $closed_at (UTC ISO text)
// Returns: closed (integer: 1 when the round was open, else 0)
MATCH (r:Round {id: $id})
WHERE r.closed_at IS NULL
SET r.closed_at = $closed_at, r.closed_by = $closed_by
RETURN count(r) AS closed
