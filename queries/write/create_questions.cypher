// Creates :Question nodes in the generation a load stages (invisible to readers until the load is switched in).
// Parameters: $rows (list of property maps, each with id), $gen (integer: the generation being staged)
// Returns: nothing
// The properties are named in CREATE, not SET after it: a third less of the store's work (an absent one is null, so not set).
UNWIND $rows AS r
CREATE (n:Question {
  illustrative: r.illustrative, id: r.id, title: r.title, priority: r.priority, raised_on: r.raised_on,
  status: r.status, confidential: r.confidential, gen: $gen
})
