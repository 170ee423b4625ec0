// Deletes the relationships that rows of people define, so a reload can create them anew.
// Parameters: $ids (list of Person ids)
// Returns: nothing
// Collected first: ArcadeDB fails when a statement deletes edges it is still iterating.
UNWIND $ids AS key
MATCH (n:Person {id: key})-[x:WORKS_AT]->()
WITH collect(x) AS doomed
UNWIND doomed AS x
DELETE x
