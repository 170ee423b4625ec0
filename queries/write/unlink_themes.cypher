// Deletes the relationships that rows of themes define, so a reload can create them anew.
// Parameters: $ids (list of Theme ids)
// Returns: nothing
// Collected first: ArcadeDB fails when a statement deletes edges it is still iterating.
UNWIND $ids AS key
MATCH (n:Theme {id: key})-[x:SUBTHEME_OF]->()
WITH collect(x) AS doomed
UNWIND doomed AS x
DELETE x
