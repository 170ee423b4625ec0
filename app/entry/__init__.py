"""Data entry in the app (issue 15): the forms, their values and what is shown around them.

Pure parts, one concept per module, used by the page :mod:`app.pages.entry`:

- :mod:`app.entry.kinds`: which record kinds can be entered and the fields of each form;
- :mod:`app.entry.options`: the option lists of the pickers, from the member's view of the data;
- :mod:`app.entry.values`: form values -> :class:`loaders.entries.RecordChange` (and the
  checks the form itself can make: a date that is no date, a number that is no number);
- :mod:`app.entry.messages`: a :class:`loaders.entries.FieldError` -> a sentence in the user's language,
  beside the field it concerns;
- :mod:`app.entry.form`: the form's components (labels, hints, error slots, ARIA);
- :mod:`app.entry.history`: a record's history (who, when, what, before -> after per field)
  and the conflict view (your values beside the stored ones).

The store writes themselves are :mod:`loaders.entries`' (one transaction per save).
"""
