// Records a new learning check-in link for an activity (outside the generations: never read by the projection).
// Parameters: $id, $activity_id, $created_by, $created_at (UTC ISO text), $expires (integer, seconds since the epoch)
// Returns: id
CREATE (l:CheckinLink {id: $id, activity_id: $activity_id, created_by: $created_by, created_at: $created_at,
                       expires: $expires})
RETURN l.id AS id
