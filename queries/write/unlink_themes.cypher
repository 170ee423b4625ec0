// Deletes the relationships that rows of themes define, so a reload can create them anew.
// Parameters: $ids (list of Theme ids)
// Returns: nothing
UNWIND $ids AS key
MATCH (n:Theme {id: key})-[x:SUBTHEME_OF]->()
DELETE x
