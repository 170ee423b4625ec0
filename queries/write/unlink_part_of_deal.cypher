// Deletes the (:Activity)-[:PART_OF_DEAL]->(:Deal) relationships that :Activity records' deal_id made, for records whose deal_id
// changed in place (a delta load or an app entry); write/link_part_of_deal creates them anew.
// Parameters: $ids (list of Activity ids), $gen (integer: the current generation)
// Returns: nothing
UNWIND $ids AS id
MATCH (n:Activity {id: id, gen: $gen})
MATCH (n)-[x:PART_OF_DEAL]->(:Deal)
DELETE x
