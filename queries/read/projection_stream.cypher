// Streams synthetic records without reading storage (benchmark floor of projection reads).
// Parameters: $n (integer: how many records)
// Returns: record (map: id, kind, value), one row per record
UNWIND range(0, $n - 1) AS i
RETURN {id: toString(i), kind: 'synthetic', value: i} AS record
