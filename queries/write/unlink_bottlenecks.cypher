// Deletes the relationships that rows of bottlenecks define, so a reload can create them anew.
// Parameters: $ids (list of Bottleneck ids)
// Returns: nothing
UNWIND $ids AS key
MATCH (n:Bottleneck {id: key})-[x:RAISED|ADDRESSED_TO|ON_THEME]-()
DELETE x
