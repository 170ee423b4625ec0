// Creates (:Party)-[:ADOPTED]->(:Lesson) relationships between nodes of the staged generation, grouped by adopting party.
// Parameters: $rows (list of {party_id, items: list of {lesson_id, props: property map with key}}), $gen (integer: the generation being staged)
// Returns: nothing
// The properties are named in CREATE, not SET after it: half the store's work per relationship (an absent one is null, so not set).
UNWIND $rows AS r
MATCH (p:Party {id: r.party_id, gen: $gen})
UNWIND r.items AS item
MATCH (l:Lesson {id: item.lesson_id, gen: $gen})
CREATE (p)-[:ADOPTED {
  key: item.props.key, date: item.props.date, stage: item.props.stage, stages: item.props.stages,
  via_activity_id: item.props.via_activity_id, via_deployment_id: item.props.via_deployment_id,
  note: item.props.note, confidential: item.props.confidential, illustrative: item.props.illustrative
}]->(l)
