// Creates or updates (:Party)-[:PARTICIPATED]->(:Activity) relationships by key, grouped by party.
// Parameters: $rows (list of {party_id, items: list of {activity_id, props: property map with key}})
// Returns: nothing
UNWIND $rows AS r
MATCH (p:Party {id: r.party_id})
UNWIND r.items AS item
MATCH (a:Activity {id: item.activity_id})
MERGE (p)-[x:PARTICIPATED {key: item.props.key}]->(a)
SET x = item.props
