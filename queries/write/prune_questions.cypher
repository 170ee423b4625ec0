// Removes :Question nodes that the dataset no longer holds (load --replace).
// Parameters: $keys (list of id values to remove: the store's keys that the dataset lacks)
// Returns: nothing
// The writer diffs the store's keys (read/keys_questions) against the dataset's in Python:
// `WHERE NOT n.id IN $keep` costs ArcadeDB a list scan per node, quadratic at national scale.
// Collected first: ArcadeDB fails when a statement deletes edges it is still iterating.
UNWIND $keys AS key
MATCH (n:Question {id: key})
WITH collect(n) AS doomed
UNWIND doomed AS n
DETACH DELETE n
