// Opens a self-assessment round for a year (outside the generations: answers reach the data as assessments).
// Parameters: $id, $year (integer), $deal_id (or null), $scale_low, $scale_high (floats), $opened_by, $opened_at (UTC ISO text), $expires (integer, seconds since the epoch)
// Returns: id
CREATE (r:Round {id: $id, year: $year, scale_low: $scale_low, scale_high: $scale_high, opened_by: $opened_by,
                 opened_at: $opened_at, expires: $expires})
SET r.deal_id = $deal_id
RETURN r.id AS id
