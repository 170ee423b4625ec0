// Deletes the (:Deployment)-[:FOR]->(:Party) relationships that :Deployment records' recipient_id made, for records whose recipient_id
// changed in place (a delta load or an app entry); write/link_for creates them anew.
// Parameters: $ids (list of Deployment ids), $gen (integer: the current generation)
// Returns: nothing
// Every relationship is found before any is deleted: ArcadeDB (26.10) fails with EntityNotFound when a statement
// matches a node's relationships again after deleting some of them (many removed from one node, one per row).
UNWIND $ids AS id
MATCH (n:Deployment {id: id, gen: $gen})
MATCH (n)-[x:FOR]->(:Party)
WITH collect(x) AS found
FOREACH (x IN found | DELETE x)
