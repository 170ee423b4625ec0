// Deletes the relationships that rows of deployments define, so a reload can create them anew.
// Parameters: $ids (list of Deployment ids)
// Returns: nothing
UNWIND $ids AS key
MATCH (n:Deployment {id: key})-[x:PROVIDED|FOR|EXPERT|ANSWERS|ON_THEME]-()
DELETE x
