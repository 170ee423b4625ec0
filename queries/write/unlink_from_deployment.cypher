// Deletes the (:Lesson)-[:FROM_DEPLOYMENT]->(:Deployment) relationships that :Lesson records' deployment_id made, for records whose deployment_id
// changed in place (a delta load or an app entry); write/link_from_deployment creates them anew.
// Parameters: $ids (list of Lesson ids), $gen (integer: the current generation)
// Returns: nothing
UNWIND $ids AS id
MATCH (n:Lesson {id: id, gen: $gen})
MATCH (n)-[x:FROM_DEPLOYMENT]->(:Deployment)
DELETE x
