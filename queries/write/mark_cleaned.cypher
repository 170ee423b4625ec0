// Records that the generations older than $gen are deleted (writer.discard_old_generations ran to its end), so
// later loads need not look for them.
// Parameters: $gen (integer: the current generation)
// Returns: nothing
MATCH (l:Load)
WHERE l.staged = $gen
SET l.cleaned = true
