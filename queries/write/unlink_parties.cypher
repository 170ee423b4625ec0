// Deletes the relationships that rows of parties define, so a reload can create them anew.
// Parameters: $ids (list of Party ids)
// Returns: nothing
// Collected first: ArcadeDB fails when a statement deletes edges it is still iterating.
UNWIND $ids AS key
MATCH (n:Party {id: key})-[x:PART_OF|IN_DEAL]->()
WITH collect(x) AS doomed
UNWIND doomed AS x
DELETE x
