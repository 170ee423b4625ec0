// Every party as a record of the interchange format.
// Parameters: none
// Returns: record (map: properties plus parent_id and deal_ids)
MATCH (n:Party)
RETURN n {.*,
          parent_id: [(n)-[:PART_OF]->(p:Party) | p.id][0],
          deal_ids: [(n)-[:IN_DEAL]->(d:Deal) | d.id]} AS record
