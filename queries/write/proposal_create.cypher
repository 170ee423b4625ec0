// Stores a check-in answer as a pending :Proposal (outside the generations: no view shows it before acceptance).
// Parameters: $id, $link_id, $activity_id, $party_id, $learned, $intent, $lesson_id, $from_party_id, $from_text, $created_at
// Returns: id
CREATE (p:Proposal {id: $id, link_id: $link_id, activity_id: $activity_id, party_id: $party_id, learned: $learned,
                    intent: $intent, status: 'pending', created_at: $created_at})
SET p.lesson_id = $lesson_id, p.from_party_id = $from_party_id, p.from_text = $from_text
RETURN p.id AS id
