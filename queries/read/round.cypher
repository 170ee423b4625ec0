// One self-assessment round by id, with how many parties answered.
// Parameters: $id
// Returns: id, year, deal_id, scale_low, scale_high, opened_by, opened_at, expires, closed_at, closed_by, answered (integer); no row if unknown
MATCH (r:Round {id: $id})
RETURN r.id AS id, r.year AS year, r.deal_id AS deal_id, r.scale_low AS scale_low, r.scale_high AS scale_high,
       r.opened_by AS opened_by, r.opened_at AS opened_at, r.expires AS expires, r.closed_at AS closed_at,
       r.closed_by AS closed_by, COUNT { MATCH (a:RoundAnswer) WHERE a.round_id = r.id } AS answered
