// Creates (:Party)-[:ADOPTED]->(:Lesson) relationships between nodes of the staged generation, grouped by adopting party.
// Parameters: $rows (list of {party_id, items: list of {lesson_id, props: property map with key}}), $gen (integer: the generation being staged)
// Returns: nothing
UNWIND $rows AS r
MATCH (p:Party {id: r.party_id, gen: $gen})
UNWIND r.items AS item
MATCH (l:Lesson {id: item.lesson_id, gen: $gen})
CREATE (p)-[a:ADOPTED]->(l)
SET a = item.props
