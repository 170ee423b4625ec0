// Deletes the relationships that rows of deployments define, so a reload can create them anew.
// Parameters: $ids (list of Deployment ids)
// Returns: nothing
// Collected first: ArcadeDB fails when a statement deletes edges it is still iterating.
UNWIND $ids AS key
MATCH (n:Deployment {id: key})-[x:PROVIDED|FOR|EXPERT|ANSWERS|ON_THEME]-()
WITH collect(x) AS doomed
UNWIND doomed AS x
DELETE x
