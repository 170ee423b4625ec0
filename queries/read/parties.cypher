// Every party as a record of the interchange format.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: one row: records (list of maps, one per party: properties plus parent_id and deal_ids)
// One large record reads several times faster over Bolt than one record per party (national scale).
MATCH (n:Party)
WHERE coalesce(n.gen, 0) = $gen
WITH n {.*,
          parent_id: [(n)-[:PART_OF]->(p:Party) | p.id][0],
          deal_ids: [(n)-[:IN_DEAL]->(d:Deal) | d.id]} AS record
RETURN collect(record) AS records
