// Creates or updates (:Party)-[:ADOPTED]->(:Lesson) relationships by key, grouped by adopting party.
// Parameters: $rows (list of {party_id, items: list of {lesson_id, props: property map with key}})
// Returns: nothing
UNWIND $rows AS r
MATCH (p:Party {id: r.party_id})
UNWIND r.items AS item
MATCH (l:Lesson {id: item.lesson_id})
MERGE (p)-[a:ADOPTED {key: item.props.key}]->(l)
SET a = item.props
