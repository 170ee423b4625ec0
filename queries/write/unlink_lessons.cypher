// Deletes the relationships that rows of lessons define, so a reload can create them anew.
// Parameters: $ids (list of Lesson ids)
// Returns: nothing
UNWIND $ids AS key
MATCH (n:Lesson {id: key})-[x:ORIGINATED_AT|ON_THEME|FROM_ACTIVITY|FROM_DEPLOYMENT]->()
DELETE x
