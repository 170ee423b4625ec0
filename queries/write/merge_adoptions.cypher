// Creates or updates (:Party)-[:ADOPTED]->(:Lesson) relationships by key, grouped by adopting party.
// Parameters: $rows (list of {party_id, items: list of {lesson_id, props: property map with key}})
// Returns: nothing
// MERGE written from the low-degree end: ArcadeDB expands a MERGE pattern from its first node
// (a lesson has a few adopters, a party dozens); from the party it was 20x slower at national scale.
UNWIND $rows AS r
MATCH (p:Party {id: r.party_id})
UNWIND r.items AS item
MATCH (l:Lesson {id: item.lesson_id})
MERGE (l)<-[a:ADOPTED {key: item.props.key}]-(p)
SET a = item.props
