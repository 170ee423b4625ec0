// Every self-assessment score as a record of the interchange format.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: one row: records (list of maps, one per score: its properties)
// One large record reads several times faster over Bolt than one record per score (national scale).
MATCH (n:Assessment)
WHERE coalesce(n.gen, 0) = $gen
WITH properties(n) AS record
RETURN collect(record) AS records
