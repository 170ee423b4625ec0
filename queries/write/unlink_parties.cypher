// Deletes the relationships that rows of parties define, so a reload can create them anew.
// Parameters: $ids (list of Party ids)
// Returns: nothing
UNWIND $ids AS key
MATCH (n:Party {id: key})-[x:PART_OF|IN_DEAL]->()
DELETE x
