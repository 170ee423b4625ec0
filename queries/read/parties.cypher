// Every party as a record of the interchange format.
// Parameters: $gen (integer: the current generation, see read/current_load)
// Returns: record (map: properties plus parent_id and deal_ids)
MATCH (n:Party)
WHERE coalesce(n.gen, 0) = $gen
RETURN n {.*,
          parent_id: [(n)-[:PART_OF]->(p:Party) | p.id][0],
          deal_ids: [(n)-[:IN_DEAL]->(d:Deal) | d.id]} AS record
