// Deletes the relationships that rows of people define, so a reload can create them anew.
// Parameters: $ids (list of Person ids)
// Returns: nothing
UNWIND $ids AS key
MATCH (n:Person {id: key})-[x:WORKS_AT]->()
DELETE x
