// Deletes the relationships that rows of activities define, so a reload can create them anew.
// Parameters: $ids (list of Activity ids)
// Returns: nothing
UNWIND $ids AS key
MATCH (n:Activity {id: key})-[x:ORGANISED|ON_THEME|PART_OF_DEAL]-()
DELETE x
