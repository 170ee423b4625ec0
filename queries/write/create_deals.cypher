// Creates :Deal nodes in the generation a load stages (invisible to readers until the load is switched in).
// Parameters: $rows (list of property maps, each with id), $gen (integer: the generation being staged)
// Returns: nothing
// The properties are named in CREATE, not SET after it: a third less of the store's work (an absent one is null, so not set).
UNWIND $rows AS r
CREATE (n:Deal {
  illustrative: r.illustrative, id: r.id, name: r.name, programme: r.programme, start: r.start,
  `end`: r.`end`, url: r.url, gen: $gen
})
