// Creates (:Party)-[:PARTICIPATED]->(:Activity) relationships between nodes of the staged generation, grouped by party.
// Parameters: $rows (list of {party_id, items: list of {activity_id and the property map with key, in one map}}), $gen (integer: the generation being staged)
// Returns: nothing
// The properties are named in CREATE, not SET after it: half the store's work per relationship (an absent one is null, so not set).
UNWIND $rows AS r
MATCH (p:Party {id: r.party_id, gen: $gen})
UNWIND r.items AS item
MATCH (a:Activity {id: item.activity_id, gen: $gen})
CREATE (p)-[:PARTICIPATED {
  key: item.key, person_id: item.person_id, role: item.role, illustrative: item.illustrative
}]->(a)
