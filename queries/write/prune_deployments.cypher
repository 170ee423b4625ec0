// Removes :Deployment nodes that the dataset no longer holds (load --replace).
// Parameters: $keys (list of id values to keep)
// Returns: nothing
// Collected first: ArcadeDB fails when a statement deletes edges it is still iterating.
MATCH (n:Deployment)
WHERE NOT n.id IN $keys
WITH collect(n) AS doomed
UNWIND doomed AS n
DETACH DELETE n
