// Creates :Party nodes in the generation a load stages (invisible to readers until the load is switched in).
// Parameters: $rows (list of property maps, each with id), $gen (integer: the generation being staged)
// Returns: nothing
// The properties are named in CREATE, not SET after it: a third less of the store's work (an absent one is null, so not set).
UNWIND $rows AS r
CREATE (n:Party {
  illustrative: r.illustrative, id: r.id, name: r.name, kind: r.kind, province: r.province,
  cbs_code: r.cbs_code, lat: r.lat, lon: r.lon, confidential: r.confidential, gen: $gen
})
