// The names of the constraints the database has (so a load creates or drops only what it must).
// Parameters: none
// Returns: name (string), one row per constraint
SHOW CONSTRAINTS YIELD name
RETURN name
