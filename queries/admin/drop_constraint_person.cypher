// Drops the uniqueness constraint on :Person(id) alone that stores loaded before generations have:
// two generations of one id must coexist while a load is staged. A no-op when it is gone.
// Parameters: none
// Returns: nothing
DROP CONSTRAINT person_id IF EXISTS
