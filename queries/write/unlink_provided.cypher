// Deletes the (:Party)-[:PROVIDED]->(:Deployment) relationships that :Deployment records' provider_id made, for records whose provider_id
// changed in place (a delta load or an app entry); write/link_provided creates them anew.
// Parameters: $ids (list of Deployment ids), $gen (integer: the current generation)
// Returns: nothing
// Every relationship is found before any is deleted: ArcadeDB (26.10) fails with EntityNotFound when a statement
// matches a node's relationships again after deleting some of them (many removed from one node, one per row).
UNWIND $ids AS id
MATCH (n:Deployment {id: id, gen: $gen})
MATCH (:Party)-[x:PROVIDED]->(n)
WITH collect(x) AS found
FOREACH (x IN found | DELETE x)
