// Checks that the store answers a query, touching no data.
// Parameters: none.
// Returns: ok (integer 1).
RETURN 1 AS ok
