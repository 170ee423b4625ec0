// Deletes the (:Bottleneck)-[:ADDRESSED_TO]->(:Party) relationships that :Bottleneck records' addressed_to_id made, for records whose addressed_to_id
// changed in place (a delta load or an app entry); write/link_addressed_to creates them anew.
// Parameters: $ids (list of Bottleneck ids), $gen (integer: the current generation)
// Returns: nothing
// Every relationship is found before any is deleted: ArcadeDB (26.10) fails with EntityNotFound when a statement
// matches a node's relationships again after deleting some of them (many removed from one node, one per row).
UNWIND $ids AS id
MATCH (n:Bottleneck {id: id, gen: $gen})
MATCH (n)-[x:ADDRESSED_TO]->(:Party)
WITH collect(x) AS found
FOREACH (x IN found | DELETE x)
