// Sets the properties of changed (:Party)-[:ADOPTED]->(:Lesson) relationships of the current generation in place
// (a delta load or an app entry). A record's ends are part of its key, so a changed record keeps them.
// Parameters: $rows (list of {lesson_id, key, props: property map with key}), $gen (integer: the current generation)
// Matched from the lesson (a few of them each; a party has hundreds), by the key, which names the party.
// Returns: updated (integer: relationships found and set)
UNWIND $rows AS r
MATCH (:Lesson {id: r.lesson_id, gen: $gen})<-[x:ADOPTED {key: r.key}]-(:Party)
SET x = r.props
RETURN count(x) AS updated
