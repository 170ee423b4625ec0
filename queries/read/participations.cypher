// Every participation as a record of the interchange format.
// Parameters: none
// Returns: record (map: the relationship's properties plus party_id and activity_id)
MATCH (p:Party)-[x:PARTICIPATED]->(a:Activity)
RETURN x {.*, party_id: p.id, activity_id: a.id} AS record
