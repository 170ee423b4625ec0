// Creates or updates (:Party)-[:PARTICIPATED]->(:Activity) relationships by key, grouped by party.
// Parameters: $rows (list of {party_id, items: list of {activity_id, props: property map with key}})
// Returns: nothing
// MERGE written from the low-degree end: ArcadeDB expands a MERGE pattern from its first node
// (an activity has a few participants, a party thousands); from the party it was 20x slower at national scale.
UNWIND $rows AS r
MATCH (p:Party {id: r.party_id})
UNWIND r.items AS item
MATCH (a:Activity {id: item.activity_id})
MERGE (a)<-[x:PARTICIPATED {key: item.props.key}]-(p)
SET x = item.props
