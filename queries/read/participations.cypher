// Every participation as records of the interchange format, one row per party: fewer, larger
// records read four times faster over Bolt than one record per participation (national scale).
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: party_id (string), records (list of maps: the relationship's properties plus activity_id)
MATCH (p:Party)
WHERE coalesce(p.gen, 0) = $gen
WITH p, [(p)-[x:PARTICIPATED]->(a:Activity) | x {.*, activity_id: a.id}] AS records
WHERE size(records) > 0
RETURN p.id AS party_id, records
