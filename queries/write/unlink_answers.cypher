// Deletes the (:Deployment)-[:ANSWERS]->(:Question) relationships that :Deployment records' question_id made, for records whose question_id
// changed in place (a delta load or an app entry); write/link_answers creates them anew.
// Parameters: $ids (list of Deployment ids), $gen (integer: the current generation)
// Returns: nothing
UNWIND $ids AS id
MATCH (n:Deployment {id: id, gen: $gen})
MATCH (n)-[x:ANSWERS]->(:Question)
DELETE x
