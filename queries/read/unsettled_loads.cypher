// What earlier loads left unsettled beside the current generation $gen: loads of a higher generation (one that
// died before its switch, or one staging now), and whether the clean-up after the current generation's switch
// was cut short (its staging load not marked `cleaned`, see write/mark_cleaned).
// Parameters: $gen (integer: the current generation)
// Returns: newer (integer: loads of a higher generation), uncleaned (integer: 1 when older generations may be left)
OPTIONAL MATCH (l:Load)
WHERE l.gen > $gen
WITH count(l) AS newer
OPTIONAL MATCH (s:Load)
WHERE s.staged = $gen AND s.status = 'complete' AND s.cleaned IS NULL
RETURN newer, count(s) AS uncleaned
