// The last change of each record the app changed after a moment (the last export): what a load must not undo.
// Parameters: $since (UTC datetime as ISO text, or null for every change)
// Returns: file, key, actor, at (of each record's latest change), action
MATCH (c:Change)
WHERE $since IS NULL OR c.at > $since
WITH c.file AS file, c.key AS key, c
ORDER BY c.at DESC, c.seq DESC
WITH file, key, collect(c)[0] AS last
RETURN file, key, last.actor AS actor, last.at AS at, last.action AS action
