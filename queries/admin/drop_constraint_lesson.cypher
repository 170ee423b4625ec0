// Drops the uniqueness constraint on :Lesson(id) alone that stores loaded before generations have:
// two generations of one id must coexist while a load is staged. A no-op when it is gone.
// Parameters: none
// Returns: nothing
DROP CONSTRAINT lesson_id IF EXISTS
