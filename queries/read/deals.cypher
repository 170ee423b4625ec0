// Every deal as a record of the interchange format.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: one row: records (list of maps, one per deal: its properties)
// One large record reads several times faster over Bolt than one record per deal (national scale).
MATCH (n:Deal)
WHERE coalesce(n.gen, 0) = $gen
WITH properties(n) AS record
RETURN collect(record) AS records
