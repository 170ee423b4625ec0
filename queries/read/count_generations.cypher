// How many nodes each generation holds, the current one and any left over (the load log left out).
// Parameters: none
// Returns: gen (integer; 0 for nodes from before generations), count (integer)
MATCH (n)
WHERE NOT n:Load
RETURN coalesce(n.gen, 0) AS gen, count(*) AS count
ORDER BY gen
