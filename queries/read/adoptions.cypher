// Every adoption as a record of the interchange format.
// Parameters: none
// Returns: record (map: the relationship's properties plus party_id and lesson_id)
MATCH (p:Party)-[a:ADOPTED]->(l:Lesson)
RETURN a {.*, party_id: p.id, lesson_id: l.id} AS record
