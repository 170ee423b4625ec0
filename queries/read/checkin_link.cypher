// One check-in link by id, with the number of answers it brought.
// Parameters: $id
// Returns: id, activity_id, created_by, created_at, expires, closed_at, closed_by, answers (integer); no row if unknown
MATCH (l:CheckinLink {id: $id})
RETURN l.id AS id, l.activity_id AS activity_id, l.created_by AS created_by, l.created_at AS created_at,
       l.expires AS expires, l.closed_at AS closed_at, l.closed_by AS closed_by,
       COUNT { MATCH (p:Proposal) WHERE p.link_id = l.id } AS answers
