// Deletes a batch of :Phase nodes of generations older than $gen (or from before generations), with their
// relationships: what no reader sees once generation $gen is current.
// Parameters: $gen (integer: the current generation), $limit (integer: nodes per batch)
// Returns: deleted (integer: nodes deleted; 0 when none are left)
MATCH (n:Phase)
WHERE n.gen IS NULL OR n.gen < $gen
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
