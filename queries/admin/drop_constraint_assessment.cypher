// Drops the uniqueness constraint on :Assessment(key) alone that stores loaded before generations have:
// two generations of one key must coexist while a load is staged. A no-op when it is gone.
// Parameters: none
// Returns: nothing
DROP CONSTRAINT assessment_key IF EXISTS
