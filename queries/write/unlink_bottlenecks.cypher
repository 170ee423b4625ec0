// Deletes the relationships that rows of bottlenecks define, so a reload can create them anew.
// Parameters: $ids (list of Bottleneck ids)
// Returns: nothing
// Collected first: ArcadeDB fails when a statement deletes edges it is still iterating.
UNWIND $ids AS key
MATCH (n:Bottleneck {id: key})-[x:RAISED|ADDRESSED_TO|ON_THEME]-()
WITH collect(x) AS doomed
UNWIND doomed AS x
DELETE x
