// Deletes the relationships that rows of questions define, so a reload can create them anew.
// Parameters: $ids (list of Question ids)
// Returns: nothing
// Collected first: ArcadeDB fails when a statement deletes edges it is still iterating.
UNWIND $ids AS key
MATCH (n:Question {id: key})-[x:ASKS|ON_THEME]-()
WITH collect(x) AS doomed
UNWIND doomed AS x
DELETE x
