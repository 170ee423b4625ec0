// Deletes the relationships that rows of phases define, so a reload can create them anew.
// Parameters: $ids (list of Phase ids)
// Returns: nothing
UNWIND $ids AS key
MATCH (n:Phase {id: key})-[x:OF_DEAL]->()
DELETE x
