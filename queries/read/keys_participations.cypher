// Every (:Party)-[:PARTICIPATED]->(:Activity) relationship's ends and key, as one record (what load --replace diffs against the dataset).
// Parameters: none
// Returns: keys (list of {party_id, activity_id, key})
MATCH (p:Party)-[x:PARTICIPATED]->(e:Activity)
RETURN collect({party_id: p.id, activity_id: e.id, key: x.key}) AS keys
