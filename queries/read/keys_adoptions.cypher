// Every (:Party)-[:ADOPTED]->(:Lesson) relationship's ends and key, as one record (what load --replace diffs against the dataset).
// Parameters: none
// Returns: keys (list of {party_id, lesson_id, key})
MATCH (p:Party)-[a:ADOPTED]->(e:Lesson)
RETURN collect({party_id: p.id, lesson_id: e.id, key: a.key}) AS keys
