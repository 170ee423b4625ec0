// Records that the whole store was exported (dealnet export): loads compare the app's later changes with it.
// Parameters: $id (string), $at (UTC datetime as ISO text), $actor (string), $target (string: where it was written)
// Returns: at
CREATE (e:Export {id: $id})
SET e.at = $at, e.actor = $actor, e.target = $target
RETURN e.at AS at
