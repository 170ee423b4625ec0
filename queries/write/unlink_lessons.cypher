// Deletes the relationships that rows of lessons define, so a reload can create them anew.
// Parameters: $ids (list of Lesson ids)
// Returns: nothing
// Collected first: ArcadeDB fails when a statement deletes edges it is still iterating.
UNWIND $ids AS key
MATCH (n:Lesson {id: key})-[x:ORIGINATED_AT|ON_THEME|FROM_ACTIVITY|FROM_DEPLOYMENT]->()
WITH collect(x) AS doomed
UNWIND doomed AS x
DELETE x
