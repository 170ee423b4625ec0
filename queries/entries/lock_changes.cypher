// Takes the write lock of the change log: every save of the app's entries updates this one node first, so
// saves run one after another and a save checks versions against data no other save is changing.
// Parameters: $at (UTC datetime as ISO text: when the save started)
// Returns: at (the time of the save that held the lock before, or null); no row before entries/create_change_log
MATCH (log:ChangeLog {id: 'changes'})
WITH log, log.at AS before
SET log.at = $at
RETURN before AS at
