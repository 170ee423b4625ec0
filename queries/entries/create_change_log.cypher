// Creates the change log's lock node if it is missing (once, before the first save of the app's entries).
// Parameters: none
// Returns: nothing
MERGE (log:ChangeLog {id: 'changes'})
