// Drops the uniqueness constraint on :Theme(id) alone that stores loaded before generations have:
// two generations of one id must coexist while a load is staged. A no-op when it is gone.
// Parameters: none
// Returns: nothing
DROP CONSTRAINT theme_id IF EXISTS
