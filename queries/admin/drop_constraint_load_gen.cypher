// Drops the constraint of stores from before in-place loads, on the generation of a load alone
// (admin/constraint_load_staged replaces it: loads written in place share a generation).
// Parameters: none
// Returns: nothing
DROP CONSTRAINT load_gen IF EXISTS
