// Every participation as records of the interchange format, one row per party: fewer, larger
// records read four times faster over Bolt than one record per participation (national scale).
// Each record is a list of its values in a fixed order, not a map: the keys of 150,000 maps were
// most of what was read (loaders/repository.py names the columns).
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: party_id (string), records (list of lists: activity_id, person_id, role, illustrative)
MATCH (p:Party)
WHERE coalesce(p.gen, 0) = $gen
WITH p, [(p)-[x:PARTICIPATED]->(a:Activity) | [a.id, x.person_id, x.role, x.illustrative]] AS records
WHERE size(records) > 0
RETURN p.id AS party_id, records
