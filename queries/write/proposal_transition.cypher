// Moves a proposal from one status to the next, only if it has the expected status now (the write lock is
// taken before the status is read, so two members deciding at once cannot both succeed).
// Parameters: $id, $from (status expected), $to (new status), $actor, $at (UTC ISO text), $result (text or null)
// Returns: moved (integer: 1 when it moved, else 0)
MATCH (p:Proposal {id: $id})
SET p.locked_at = $at
WITH p
WHERE p.status = $from
SET p.status = $to, p.decided_by = $actor, p.decided_at = $at, p.result = $result
RETURN count(p) AS moved
