// Ensures no two loads stage the same generation (two loads started at once: the second one fails). Only a load
// that stages a generation has `staged`; a load written in place (write/mark_delta_load) shares the generation
// it changed, so the generation itself is not unique among loads.
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT load_staged IF NOT EXISTS FOR (n:Load) REQUIRE n.staged IS UNIQUE
