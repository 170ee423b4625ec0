// Deletes the relationships that rows of questions define, so a reload can create them anew.
// Parameters: $ids (list of Question ids)
// Returns: nothing
UNWIND $ids AS key
MATCH (n:Question {id: key})-[x:ASKS|ON_THEME]-()
DELETE x
