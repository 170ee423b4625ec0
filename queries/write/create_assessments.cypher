// Creates :Assessment nodes in the generation a load stages (invisible to readers until the load is switched in).
// Parameters: $rows (list of property maps, each with key), $gen (integer: the generation being staged)
// Returns: nothing
// The properties are named in CREATE, not SET after it: a third less of the store's work (an absent one is null, so not set).
UNWIND $rows AS r
CREATE (n:Assessment {
  illustrative: r.illustrative, year: r.year, indicator: r.indicator, score: r.score, party_id: r.party_id,
  deal_id: r.deal_id, note: r.note, key: r.key, gen: $gen
})
