"""Requests for the app's server-side callbacks, with the values their pages start with.

Each page's layout is rendered as a browser would first get it; every callback whose
inputs and states all appear in those layouts becomes one request body for
``/_dash-update-component`` (the same JSON the Dash renderer posts).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import dash
from dash.development.base_component import Component

from graph.model import Dataset

__all__ = ["callback_requests"]


def _components(root: Any) -> Iterator[Component]:
    if isinstance(root, Component):
        yield root
        children = getattr(root, "children", None)
        for child in children if isinstance(children, list | tuple) else [children]:
            yield from _components(child)
        for name in ("figure", "elements"):  # props never hold components: skip
            del name


def _ids(app: dash.Dash) -> dict[str, Component]:
    from app.factory import _SERVICES_KEY  # type: ignore[attr-defined]
    from app.pages import PAGES
    from app.shell import shell_layout

    services = app.server.config[_SERVICES_KEY]
    found: dict[str, Component] = {}
    with app.server.test_request_context("/"):
        roots = [shell_layout(services, PAGES, "nl")]
        roots += [page.layout(services, "nl", "all", {}) for page in PAGES]
    for root in roots:
        for component in _components(root):
            ident = getattr(component, "id", None)
            if isinstance(ident, str):
                found[ident] = component
    return found


def _value(component: Component, prop: str) -> Any:
    value = getattr(component, prop, None)
    if prop == "search" and value is None:
        return "?lang=nl"
    if prop == "pathname" and value is None:
        return "/"
    return value


def callback_requests(app: dash.Dash, dataset: Dataset) -> Iterator[tuple[str, dict[str, Any]]]:
    """(name, request body) of each server-side callback whose inputs are on a page."""
    del dataset
    components = _ids(app)
    for output, spec in app.callback_map.items():
        inputs, states = spec.get("inputs", []), spec.get("state", [])
        if output.startswith("bench-") or "callback" not in spec:  # ours, or clientside
            continue
        missing = [i["id"] for i in [*inputs, *states] if i["id"] not in components]
        if missing:
            yield output.strip(".").split("...")[0], {"missing": missing}
            continue

        def items(deps: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return [{**d, "value": _value(components[d["id"]], d["property"])} for d in deps]

        outputs = [
            {"id": part.split(".")[0], "property": part.split(".")[1]}
            for part in output.strip(".").split("...")
        ]
        body = {
            "output": output,
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": items(inputs),
            "state": items(states),
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in inputs],
        }
        yield output.strip(".").split("...")[0], body
