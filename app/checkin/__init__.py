"""The learning check-in and the yearly self-assessment, answered through signed links (issue 15).

One concept per module:

- :mod:`app.checkin.tokens`: the signed, expiring links (a check-in link per activity, a
  self-assessment link per party and round);
- :mod:`app.checkin.forms`: what a posted form means (pure parsing, language-neutral error codes);
- :mod:`app.checkin.choices`: what the public forms offer, from the public view of the data only;
- :mod:`app.checkin.html`: the forms as plain, script-free, accessible HTML in Dutch and English;
- :mod:`app.checkin.throttle`: answers limited per link and address;
- :mod:`app.checkin.service`: the steps between a form and the store (a proposal, an
  acceptance through :func:`loaders.entries.save_records`, a round's answer);
- :mod:`app.checkin.routes`: the public Flask routes ``/checkin`` and ``/zelfevaluatie``.

The members' side is the page :mod:`app.pages.checkins`; the store's side records
(``:CheckinLink``, ``:Proposal``, ``:Round``, ``:RoundAnswer``, outside the generations)
are :mod:`loaders.proposals`'.
"""
