// Deletes the relationships that rows of activities define, so a reload can create them anew.
// Parameters: $ids (list of Activity ids)
// Returns: nothing
// Collected first: ArcadeDB fails when a statement deletes edges it is still iterating.
UNWIND $ids AS key
MATCH (n:Activity {id: key})-[x:ORGANISED|ON_THEME|PART_OF_DEAL]-()
WITH collect(x) AS doomed
UNWIND doomed AS x
DELETE x
