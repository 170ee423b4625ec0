// Every participation, one row per party: fewer, larger records read much faster over Bolt.
// Parameters: none
// Returns: party_id (string), records (list of maps: the relationship's properties plus activity_id)
MATCH (p:Party)
WITH p, [(p)-[x:PARTICIPATED]->(a:Activity) | x {.*, activity_id: a.id}] AS records
WHERE size(records) > 0
RETURN p.id AS party_id, records
