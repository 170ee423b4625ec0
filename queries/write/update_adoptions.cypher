// Sets the properties of changed (:Party)-[:ADOPTED]->(:Lesson) relationships of the current generation in place
// (a delta load or an app entry). A record's ends are part of its key, so a changed record keeps them.
// Parameters: $rows (list of {party_id, key, props: property map with key}), $gen (integer: the current generation)
// Returns: updated (integer: relationships found and set)
UNWIND $rows AS r
MATCH (:Party {id: r.party_id, gen: $gen})-[x:ADOPTED {key: r.key}]->(:Lesson)
SET x = r.props
RETURN count(x) AS updated
