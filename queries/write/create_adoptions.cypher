// Creates (:Party)-[:ADOPTED]->(:Lesson) relationships between nodes of the staged generation, grouped by adopting party.
// Parameters: $rows (list of {party_id, items: list of {lesson_id and the property map with key, in one map}}), $gen (integer: the generation being staged)
// Returns: nothing
// The properties are named in CREATE, not SET after it: half the store's work per relationship (an absent one is null, so not set).
UNWIND $rows AS r
MATCH (p:Party {id: r.party_id, gen: $gen})
UNWIND r.items AS item
MATCH (l:Lesson {id: item.lesson_id, gen: $gen})
CREATE (p)-[:ADOPTED {
  key: item.key, date: item.date, stage: item.stage, stages: item.stages,
  via_activity_id: item.via_activity_id, via_deployment_id: item.via_deployment_id,
  note: item.note, confidential: item.confidential, illustrative: item.illustrative
}]->(l)
