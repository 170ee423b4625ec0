// Deletes the relationships that rows of phases define, so a reload can create them anew.
// Parameters: $ids (list of Phase ids)
// Returns: nothing
// Collected first: ArcadeDB fails when a statement deletes edges it is still iterating.
UNWIND $ids AS key
MATCH (n:Phase {id: key})-[x:OF_DEAL]->()
WITH collect(x) AS doomed
UNWIND doomed AS x
DELETE x
