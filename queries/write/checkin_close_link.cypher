// Closes a check-in link before it expires: it accepts no more answers.
// Parameters: $id, $closed_by, $closed_at (UTC ISO text)
// Returns: closed (integer: 1 when the link was open, else 0)
MATCH (l:CheckinLink {id: $id})
WHERE l.closed_at IS NULL
SET l.closed_at = $closed_at, l.closed_by = $closed_by
RETURN count(l) AS closed
