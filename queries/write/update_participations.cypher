// Sets the properties of changed (:Party)-[:PARTICIPATED]->(:Activity) relationships of the current generation in place
// (a delta load or an app entry). A record's ends are part of its key, so a changed record keeps them.
// Parameters: $rows (list of {activity_id, key, props: property map with key}), $gen (integer: the current generation)
// Matched from the activity (a few of them each; a party has hundreds), by the key, which names the party.
// Returns: updated (integer: relationships found and set)
UNWIND $rows AS r
MATCH (:Activity {id: r.activity_id, gen: $gen})<-[x:PARTICIPATED {key: r.key}]-(:Party)
SET x = r.props
RETURN count(x) AS updated
