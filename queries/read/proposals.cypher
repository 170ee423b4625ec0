// The check-in proposals with one status ('pending', 'accepted', 'declined'), oldest first.
// Parameters: $status, $limit (integer)
// Returns: id, link_id, activity_id, party_id, learned, intent, lesson_id, from_party_id, from_text, status, created_at, decided_by, decided_at, result
MATCH (p:Proposal)
WHERE p.status = $status
RETURN p.id AS id, p.link_id AS link_id, p.activity_id AS activity_id, p.party_id AS party_id, p.learned AS learned,
       p.intent AS intent, p.lesson_id AS lesson_id, p.from_party_id AS from_party_id, p.from_text AS from_text,
       p.status AS status, p.created_at AS created_at, p.decided_by AS decided_by, p.decided_at AS decided_at,
       p.result AS result
ORDER BY created_at, id
LIMIT $limit
