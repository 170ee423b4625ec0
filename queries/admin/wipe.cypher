// Deletes every node and relationship in a batch (used by tests and by export/restore checks).
// Parameters: $limit (integer, nodes per batch)
// Returns: deleted (integer)
MATCH (n)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
