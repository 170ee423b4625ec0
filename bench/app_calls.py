"""The app's server-side callbacks as benchmark cases, with the values their pages start with.

Each page's layout is rendered as a browser would first get it; every callback whose
inputs and states all appear in those layouts becomes one case: the request body for
``/_dash-update-component`` (the JSON the Dash renderer posts) and the callback's own
function with the same arguments, so Dash's share of a request can be told apart
from the callback's work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import dash
from dash.development.base_component import Component

__all__ = ["CallbackCase", "callback_cases"]


@dataclass(frozen=True, slots=True)
class CallbackCase:
    """One callback: its name, its HTTP request body, and a call of its function alone."""

    name: str
    body: dict[str, Any]
    missing: tuple[str, ...]
    """Ids of inputs that no first page layout has (then the case is not measured)."""
    work: Callable[[], Any]
    """The registered function (role check included) called with the body's values."""


def _components(root: Any) -> Iterator[Component]:
    if isinstance(root, Component):
        yield root
        children = getattr(root, "children", None)
        for child in children if isinstance(children, list | tuple) else [children]:
            yield from _components(child)


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


def _work(app: dash.Dash, function: Callable[..., Any], args: list[Any]) -> Callable[[], Any]:
    def call() -> Any:
        with app.server.test_request_context("/_dash-update-component", method="POST"):
            return function(*args)

    return call


def callback_cases(app: dash.Dash) -> Iterator[CallbackCase]:
    """One case per server-side callback of ``app`` (clientside ones and ``bench-*`` left out)."""
    components = _ids(app)
    for output, spec in app.callback_map.items():
        inputs, states = spec.get("inputs", []), spec.get("state", [])
        if output.startswith("bench-") or "callback" not in spec:  # ours, or clientside
            continue
        name = output.strip(".").split("...")[0]
        missing = tuple(i["id"] for i in [*inputs, *states] if i["id"] not in components)
        if missing:
            yield CallbackCase(name, {}, missing, lambda: None)
            continue
        values = [_value(components[d["id"]], d["property"]) for d in [*inputs, *states]]

        def items(deps: list[dict[str, Any]], given: list[Any]) -> list[dict[str, Any]]:
            return [{**d, "value": v} for d, v in zip(deps, given, strict=True)]

        outputs = [
            {"id": part.split(".")[0], "property": part.split(".")[1]} for part in output.strip(".").split("...")
        ]
        body = {
            "output": output,
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": items(inputs, values[: len(inputs)]),
            "state": items(states, values[len(inputs) :]),
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in inputs],
        }
        function = spec["callback"].__wrapped__  # Dash's wrapper keeps the registered function here
        yield CallbackCase(name, body, (), _work(app, function, values))
