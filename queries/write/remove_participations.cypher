// Deletes removed (:Party)-[:PARTICIPATED]->(:Activity) relationships of the current generation in place
// (a delta load or an app entry).
// Parameters: $rows (list of {activity_id, key}), $gen (integer: the current generation)
// Matched from the activity (a few of them each; a party has hundreds), by the key, which names the party.
// Returns: removed (integer: relationships found and deleted)
// Every relationship is found before any is deleted: ArcadeDB (26.10) fails with EntityNotFound when a statement
// matches a node's relationships again after deleting some of them (many removed from one node, one per row).
UNWIND $rows AS r
MATCH (:Activity {id: r.activity_id, gen: $gen})<-[x:PARTICIPATED {key: r.key}]-(:Party)
WITH collect(x) AS found
FOREACH (x IN found | DELETE x)
RETURN size(found) AS removed
