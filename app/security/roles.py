"""Who may see what: the three roles of dealnet, ordered.

``public < member < admin``. A role *includes* every role below it, so a check is
always "at least this role" (:func:`role_at_least`), never "exactly this role".

- ``public``: what anyone may see; the app shows only the public view of the data
  (:func:`graph.visibility.view_for` with ``Audience.PUBLIC``). Everyone is ``public``
  when sign-in is not configured (and the app then only listens on this machine).
- ``member``: a signed-in member of the programme (municipality, ministry, partner).
- ``admin``: may also manage the data (loads) and users.

Examples
--------
>>> role_at_least(Role.ADMIN, Role.MEMBER)
True
>>> role_at_least(Role.PUBLIC, Role.MEMBER)
False
>>> parse_role(" Member ")
<Role.MEMBER: 'member'>
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Role", "parse_role", "role_at_least"]


class Role(StrEnum):
    """A role; compare with :func:`role_at_least`, not with ``<`` on the strings."""

    PUBLIC = "public"
    MEMBER = "member"
    ADMIN = "admin"


_RANK: dict[Role, int] = {Role.PUBLIC: 0, Role.MEMBER: 1, Role.ADMIN: 2}


def role_at_least(role: Role, minimum: Role) -> bool:
    """True when ``role`` includes ``minimum`` (``admin`` includes ``member``)."""
    return _RANK[role] >= _RANK[minimum]


def parse_role(text: str) -> Role:
    """The role named by ``text`` (case and surrounding blanks ignored).

    Raises
    ------
    ValueError
        When ``text`` names no role; the message lists the valid ones.
    """
    cleaned = text.strip().lower()
    try:
        return Role(cleaned)
    except ValueError:
        valid = ", ".join(role.value for role in Role)
        raise ValueError(f"unknown role {text!r}; use one of {valid}") from None
