"""The test tiers: a test is marked with what it needs beyond Python, from its fixtures.

Markers (registered in ``pyproject.toml``):

``store``
    needs a Bolt server: the embedded store (Java) or ``DEALNET_TEST_NEO4J_URI``;
``browser``
    drives headless Chromium (chromedriver, or the ``chromium`` program itself);
``pdf``
    prints a report with Chromium's headless PDF printing (:mod:`app.reports.pdf`);
``node``
    runs Node or loads an npm package (``tests/cypher_lint``, axe-core).

A test gets a marker when its fixture closure holds one of :data:`NEEDS`: a new test
that asks for ``empty_store``, ``browser``, ``dash_duo`` or ``pdf_printing`` is marked with nothing
more to do. A test that starts such a program without one of these fixtures carries
the marker itself (``pytestmark``, or ``pytest.param(..., marks=...)``).

So the fast tier, ``pytest -m "not store and not browser and not pdf and not node"``,
needs none of Java, Chromium and Node, and it stays that way: in a test without the
marker (doctests included), starting Java, Chromium, chromedriver or Node from the test
process fails the test, naming the marker it lacks (:func:`_refuse_unmarked_programs`,
a :func:`sys.addaudithook` hook on every way Python starts a program), and Java and Node
refuse to start in the processes it starts too (:data:`_REFUSALS`).

The plugin is registered by ``tests/conftest.py``, so it guards every item of a session
that collects ``tests/`` (the default ``testpaths`` do).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pytest
from selenium import webdriver

from app.reports.pdf import PdfError, chromium_path
from tests.chromium import CHROMIUM, headless_chromium

__all__ = ["NEEDS", "PROGRAMS", "UnmarkedProgram"]

#: Marker -> the fixtures that bring it: a test whose fixture closure holds one is marked.
NEEDS: dict[str, frozenset[str]] = {
    # tests/conftest.py: the session's Bolt server and the views of it.
    "store": frozenset({"store_settings", "store", "empty_store", "cli_store"}),
    # dash.testing's fixtures that open Chromium, and the ones below.
    "browser": frozenset({"dash_duo", "dash_br", "dash_duo_mp", "browser", "chromium_executable"}),
    "pdf": frozenset({"pdf_printing"}),
    # tests/browser/conftest.py: axe-core comes from npm.
    "node": frozenset({"node", "axe_source"}),
}

#: Program name -> the markers under which a test may start it.
PROGRAMS: dict[str, frozenset[str]] = {
    "java": frozenset({"store"}),
    "chromium": frozenset({"browser", "pdf"}),
    "chromium-browser": frozenset({"browser", "pdf"}),
    "chrome": frozenset({"browser", "pdf"}),
    "google-chrome": frozenset({"browser", "pdf"}),
    "chromedriver": frozenset({"browser"}),
    "node": frozenset({"node"}),
    "npm": frozenset({"node"}),
    "npx": frozenset({"node"}),
}

#: Audit events of starting a program -> where the program and its arguments are.
_SPAWN_EVENTS: dict[str, Callable[[tuple[Any, ...]], Sequence[Any]]] = {
    "subprocess.Popen": lambda args: [args[0], *_as_list(args[1])],  # (executable, args, cwd, env)
    "os.posix_spawn": lambda args: [args[0], *_as_list(args[1])],  # (path, argv, env)
    "os.exec": lambda args: [args[0], *_as_list(args[1])],  # (path, args, env)
    "os.spawn": lambda args: [args[1], *_as_list(args[2])],  # (mode, path, args, env)
    "os.system": lambda args: _as_list(args[0]),  # (command,)
}


class UnmarkedProgram(RuntimeError):
    """A test started Java, Chromium or Node without the marker that says so."""


class _State:
    """The item running now and what it started that it should not have."""

    item: ClassVar[pytest.Item | None] = None
    refused: ClassVar[dict[str, list[str]]] = {}
    hooked: ClassVar[bool] = False


def _as_list(value: Any) -> list[Any]:
    """An argument list as a list: a command string is split on blanks."""
    if isinstance(value, (str, bytes)):
        return os.fsdecode(value).split()
    if isinstance(value, os.PathLike):
        return [value]
    try:
        return list(value)
    except TypeError:
        return []


def _programs_started(event: str, args: tuple[Any, ...]) -> list[str]:
    """The names of :data:`PROGRAMS` that the audit ``event`` starts.

    The program itself, or any absolute path among its arguments: the embedded store
    starts Java through a small Python launcher whose arguments hold Java's path.

    >>> _programs_started("subprocess.Popen", ("/usr/bin/node", ["/usr/bin/node", "lint.mjs"], None, None))
    ['node']
    >>> launcher = ["python3", "-c", "...", "/opt/jre/bin/java", "-Xmx64m"]
    >>> _programs_started("subprocess.Popen", ("/usr/bin/python3", launcher, None, None))
    ['java']
    >>> _programs_started("subprocess.Popen", ("/usr/bin/pdftotext", ["pdftotext", "r.pdf", "-"], None, None))
    []
    """
    found: list[str] = []
    for position, part in enumerate(_SPAWN_EVENTS[event](args)):
        if part is None or isinstance(part, int):
            continue
        text = os.fsdecode(part)
        name = os.path.basename(text)
        if name in PROGRAMS and (position <= 1 or os.path.isabs(text)) and name not in found:
            found.append(name)
    return found


def _refuse_unmarked_programs(event: str, args: tuple[Any, ...]) -> None:
    """Audit hook: a test without the right marker may not start Java, Chromium or Node."""
    item = _State.item
    if item is None or event not in _SPAWN_EVENTS:
        return
    try:
        started = _programs_started(event, args)
    except Exception:
        return
    for name in started:
        allowed = PROGRAMS[name]
        if any(item.get_closest_marker(marker) for marker in allowed):
            continue
        message = (
            f"{item.nodeid} starts {name} without the marker "
            f"{' or '.join(repr(m) for m in sorted(allowed))}: use a fixture that brings it "
            f"({', '.join(sorted(f for m in allowed for f in NEEDS[m]))}) or mark the test"
        )
        _State.refused.setdefault(item.nodeid, []).append(message)
        raise UnmarkedProgram(message)


def pytest_configure(config: pytest.Config) -> None:
    """Install the audit hook once per process (audit hooks cannot be removed)."""
    if not _State.hooked:
        sys.addaudithook(_refuse_unmarked_programs)
        _State.hooked = True


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test whose fixtures need a Bolt server, Chromium, PDF printing or Node."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        for marker, fixtures in NEEDS.items():
            if names & fixtures:
                item.add_marker(marker)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    """Watch what each test starts, from its fixtures' set-up to their tear-down."""
    _State.item = item
    try:
        return (yield)
    finally:
        _State.item = None


#: Marker -> an environment variable that makes the program refuse to start in a test
#: without that marker, in any process the test starts (``dealnet db start`` as a
#: process of its own starts Java where no audit hook of this process sees it).
_REFUSALS = {
    "store": ("JAVA_TOOL_OPTIONS", "-XX:+Refused_in_a_test_not_marked_store"),
    "node": ("NODE_OPTIONS", "--refused-in-a-test-not-marked-node"),
}


@pytest.fixture(autouse=True)
def _no_unmarked_programs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep Java and Node from starting in a test without their marker, even in the processes
    it starts; fail a test that started a program it has no marker for, even if it caught the error.

    Java says ``Unrecognized VM option 'Refused_in_a_test_not_marked_store'``, Node says
    ``--refused-in-a-test-not-marked-node is not allowed in NODE_OPTIONS``.
    """
    for marker, (variable, refusal) in _REFUSALS.items():
        if request.node.get_closest_marker(marker) is None:
            monkeypatch.setenv(variable, refusal)
    yield
    refused = _State.refused.pop(request.node.nodeid, [])
    if refused:
        pytest.fail("\n".join(refused), pytrace=False)


# -- the programs, as fixtures that bring their marker -----------------------------------------


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    """A headless Chromium driven by selenium (:func:`tests.chromium.headless_chromium`)."""
    with headless_chromium() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The path of Debian's Chromium, for a test that runs the program itself."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium is needed at {CHROMIUM}: apt-get install chromium")
    return CHROMIUM


@pytest.fixture(scope="session")
def pdf_printing() -> str:
    """The Chromium that :func:`app.reports.pdf.html_to_pdf` prints with.

    Ask for it in a test that renders a PDF (``render_report(..., fmt="pdf")``): it fails
    the test up front when Chromium is missing, and marks it ``pdf``.
    """
    try:
        return chromium_path()
    except PdfError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def node() -> str:
    """The path of Node (Debian's ``nodejs``)."""
    found = shutil.which("node")
    if found is None:
        pytest.fail("Node is needed: apt-get install nodejs npm")
    return found
