// Records what one save of the app's entries did: one :Change per record, outside the generations (loads never
// discard them). before and after are the record's values as JSON text (null for a new or retired record).
// Parameters: $rows (list of {id, at, actor, role, file, key, action, before, after, batch, seq})
// Returns: nothing
UNWIND $rows AS r
CREATE (c:Change {id: r.id})
SET c = r
