"""Every Cypher statement, checked offline by Neo4j's own parser, and the rules around them.

Why: the embedded store accepts some Cypher that Neo4j rejects, and a typo in a label
silently matches nothing. ``tests/cypher_lint/lint.mjs`` runs Neo4j's Cypher front end
(npm ``@neo4j-cypher/language-support``) over every ``queries/**/*.cypher`` file under
Cypher 5 and Cypher 25, with Neo4j's built-in functions only (no APOC, no GDS) and the
labels, relationship types and properties of :mod:`graph.schema`.

The rest are static checks of our own conventions: each file opens with ``//`` lines
naming its ``Parameters:`` and ``Returns:``, holds exactly one statement and uses exactly
the parameters it declares; no Python file holds Cypher text; ``cypher()`` is called with
a literal name and its result is never formatted into a larger string.

Each check is also run on deliberately broken inputs (``tests/cypher_lint/broken/``), so
a checker that stopped catching anything would fail here. Those inputs are ``.txt``
files so that neither the catalog nor the Python guard picks them up.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graph.schema import NODES, RELATIONSHIPS

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
LINT_DIR = ROOT / "tests" / "cypher_lint"
BROKEN = LINT_DIR / "broken"
PYTHON_DIRS = ("graph", "loaders", "queries", "app", "tests")
# Tests may look statements up by computed name and talk about .cypher files.
RELAXED = (QUERIES / "catalog.py", ROOT / "tests")
INSTALL_HINT = "run: npm ci --prefix tests/cypher_lint"

# --------------------------------------------------------------------------- linting


@dataclass(frozen=True, slots=True)
class Linted:
    """What the linter says about one text."""

    statements: int
    diagnostics: tuple[dict[str, Any], ...]

    def problems(self) -> list[str]:
        """Errors and warnings as ``line:column [version] message``.

        Warnings count: with a graph schema they are labels, relationship types or
        paths that :mod:`graph.schema` does not name, or deprecated syntax.
        """
        return [
            f"{d['line']}:{d['column']} [{d['version']}] {d['severity']}: {d['message']}"
            for d in self.diagnostics
            if d["severity"] in ("error", "warning")
        ]


def _graph_schema() -> dict[str, list[Any]]:
    """The store's schema in the linter's terms.

    Property keys are left out: the linter cannot always tell a map from a node (a
    map unwound from a parameter list), so ``item.lesson_id`` in
    ``write/create_adoptions`` was reported as an unknown property
    (language-support 2.0.0-next.38).
    """
    labels = sorted({n.label for n in NODES})
    paths = [
        {"from": start, "to": end, "relType": r.type}
        for r in RELATIONSHIPS
        for start in r.start.split("|")
        for end in r.end.split("|")
    ]
    return {
        "labels": labels,
        "relationshipTypes": sorted({r.type for r in RELATIONSHIPS}),
        "graphSchema": paths,
    }


def _require_linter() -> str:
    """The ``node`` executable, failing (not skipping) when the linter is not installed."""
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"node (>= 20) is not on PATH; install it, then {INSTALL_HINT}")
    package = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support" / "package.json"
    if not package.is_file():
        pytest.fail(INSTALL_HINT)
    wanted = json.loads((LINT_DIR / "package.json").read_text(encoding="utf-8"))
    pinned = wanted["dependencies"]["@neo4j-cypher/language-support"]
    installed = json.loads(package.read_text(encoding="utf-8"))["version"]
    if installed != pinned:
        pytest.fail(f"installed language-support {installed}, pinned {pinned}: {INSTALL_HINT}")
    return node


def lint(texts: dict[str, str]) -> dict[str, Linted]:
    """Lint every text in one node process (start-up dominates: ~2 s)."""
    node = _require_linter()
    payload = {
        "graph": _graph_schema(),
        "queries": [{"name": name, "text": text} for name, text in texts.items()],
    }
    done = subprocess.run(
        [node, str(LINT_DIR / "lint.mjs")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        cwd=LINT_DIR,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"lint.mjs failed ({done.returncode}):\n{done.stderr}")
    return {
        entry["name"]: Linted(entry["statements"], tuple(entry["diagnostics"])) for entry in json.loads(done.stdout)
    }


def _catalog_files() -> list[Path]:
    return sorted(QUERIES.rglob("*.cypher"))


def _broken(suffix: str) -> dict[str, tuple[str, str, str]]:
    """Broken fixtures ending in ``suffix``: name -> (marker, expected fragment, text).

    Each opens with ``// expect: ...`` (a lint error), ``// expect-static: ...`` (a
    header/parameter check) or ``# expect-guard: ...`` (the Python guard), which is
    removed from the text that gets checked; ``well_formed.*`` expect ``nothing``.
    """
    found: dict[str, tuple[str, str, str]] = {}
    for path in sorted(BROKEN.glob(f"*{suffix}")):
        first, _, rest = path.read_text(encoding="utf-8").partition("\n")
        match = re.fullmatch(r"(?://|#) (expect|expect-static|expect-guard): (.+)", first.strip())
        assert match, f"{path.name}: first line must state what is expected"
        found[path.name] = (match[1], match[2], rest)
    return found


#: The linter's verdict by name, and the catalog's texts by path.
LintedAll = tuple[dict[str, Linted], dict[str, str]]


@pytest.fixture(scope="module")
def linted_all(node: str) -> LintedAll:
    """Catalog statements and broken fixtures, linted together in one Node process.

    Asking for ``node`` marks every test that uses it ``node`` (:mod:`tests.tiers`).
    """
    texts = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in _catalog_files()}
    broken = {f"broken/{name}": text for name, (_, _, text) in _broken(".cypher.txt").items()}
    return lint(texts | broken), texts


def test_catalog_is_not_empty() -> None:
    assert _catalog_files(), "no queries/**/*.cypher found: the checks below would pass vacuously"


def test_every_statement_passes_neo4j_linter(linted_all: LintedAll) -> None:
    linted, texts = linted_all
    failures = [f"{name}: {problem}" for name in texts for problem in linted[name].problems()]
    assert not failures, "Neo4j's Cypher front end rejects:\n" + "\n".join(failures)


@pytest.mark.parametrize(
    "name",
    [n for n, (kind, hit, _) in _broken(".cypher.txt").items() if kind == "expect" and hit != "nothing"],
)
def test_linter_catches_broken_statement(name: str, linted_all: LintedAll) -> None:
    _, expected, _ = _broken(".cypher.txt")[name]
    problems = linted_all[0][f"broken/{name}"].problems()
    assert any(expected in p for p in problems), f"{name}: expected {expected!r}, got {problems}"


def test_linter_passes_well_formed_statement(linted_all: LintedAll) -> None:
    """The self-tests above only mean something if valid Cypher comes back clean."""
    problems = linted_all[0]["broken/well_formed.cypher.txt"].problems()
    assert problems == []


# --------------------------------------------------------------------- static checks

_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_PARAM = re.compile(r"\$(`[^`]+`|[A-Za-z_]\w*)")
_HEADING = re.compile(r"//\s*([A-Z][\w ]*):(.*)")


def _header(text: str) -> list[str]:
    """The leading ``//`` comment lines."""
    lines = []
    for line in text.lstrip().splitlines():
        if not line.lstrip().startswith("//"):
            break
        lines.append(line.strip())
    return lines


def _section(header: list[str], heading: str) -> str | None:
    """The text of ``// Heading: ...`` and its continuation lines, or None."""
    body: list[str] | None = None
    for line in header:
        match = _HEADING.match(line)
        if match:
            if body is not None:
                break
            if match[1] == heading:
                body = [match[2]]
        elif body is not None:
            body.append(line.removeprefix("//"))
    return None if body is None else " ".join(body).strip()


def static_problems(text: str, statements: int) -> list[str]:
    """Our conventions for a ``.cypher`` file; ``statements`` as counted by Neo4j's lexer."""
    problems = []
    if statements != 1:
        problems.append(f"{statements} statements (a file holds exactly one)")
    header = _header(text)
    parameters = _section(header, "Parameters")
    returns = _section(header, "Returns")
    if parameters is None:
        problems.append('no "// Parameters:" line in the opening comments')
    if returns is None or not returns:
        problems.append('no "// Returns:" line in the opening comments')
    declared = {m.strip("`") for m in _PARAM.findall(parameters or "")}
    code = _STRING.sub("''", _COMMENT.sub(" ", text))
    used = {m.strip("`") for m in _PARAM.findall(code)}
    problems += [f"${p} used but not declared in // Parameters:" for p in sorted(used - declared)]
    problems += [f"${p} declared but not used" for p in sorted(declared - used)]
    return problems


def test_every_statement_has_header_one_statement_and_declared_parameters(linted_all: LintedAll) -> None:
    linted, texts = linted_all
    failures = [
        f"{name}: {problem}"
        for name, text in texts.items()
        for problem in static_problems(text, linted[name].statements)
    ]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "name",
    [n for n, (kind, hit, _) in _broken(".cypher.txt").items() if kind == "expect-static" and hit != "nothing"],
)
def test_static_checks_catch_broken_file(name: str, linted_all: LintedAll) -> None:
    _, expected, text = _broken(".cypher.txt")[name]
    problems = static_problems(text, linted_all[0][f"broken/{name}"].statements)
    assert any(expected in p for p in problems), f"{name}: expected {expected!r}, got {problems}"


def test_static_checks_pass_well_formed_file(linted_all: LintedAll) -> None:
    _, _, text = _broken(".cypher.txt")["well_formed.cypher.txt"]
    statements = linted_all[0]["broken/well_formed.cypher.txt"].statements
    assert static_problems(text, statements) == []


# ---------------------------------------------------------------- the Python guard

# Uppercase Cypher clauses with what must follow them in a statement; prose rarely
# has `MATCH (` or `RETURN x`, so this finds statements, not words.
_CYPHER = re.compile(
    r"""\b(?:OPTIONAL\s+)?MATCH\s*\(
      | \b(?:MERGE|CREATE)\s*\(
      | \bCREATE\s+(?:CONSTRAINT|(?:RANGE\s+|TEXT\s+|POINT\s+|FULLTEXT\s+|VECTOR\s+)?INDEX)\b
      | \bUNWIND\s+[$\w\[(]
      | \bDETACH\s+DELETE\s+\w
      | \bRETURN\s+(?:DISTINCT\s+)?(?:[$(\[{*]|\w+\s*[.(]|\w+\s+AS\b|\w+\s*(?:,|;|$))
      | \bCALL\s*(?:\([\w\s,*]*\)\s*)?\{
      | \bCALL\s+[a-z]\w*(?:\.\w+)+\s*\(
    """,
    re.X | re.M,
)
_DATA_PRAGMA = "# cypher-guard: data"
_FORMATTING_METHODS = frozenset({"format", "format_map", "replace", "join", "__add__", "__mod__"})


def _is_cypher_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "cypher") or (
        isinstance(func, ast.Attribute) and func.attr == "cypher"
    )


def _is_formatting_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _FORMATTING_METHODS


def _strings(tree: ast.AST) -> Iterator[ast.Constant]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node


def guard_problems(source: str, *, strict: bool = True) -> list[str]:
    """Cypher in Python strings, statements built by formatting, computed names.

    A statement text is "tainted" if it is a ``cypher(...)`` call or a name assigned
    from one anywhere in the module; a tainted value inside an f-string, ``+``, ``%``,
    ``.format``/``.replace``/``.join`` is formatting. ``strict`` (application code,
    not the catalog itself or tests) also requires a literal ``cypher()`` name to be
    an existing statement and forbids naming ``.cypher`` files directly.
    A string that only looks like Cypher because it is hostile *data* (an injection
    attempt sent as a parameter) is exempt when its line carries ``# cypher-guard: data``.
    """
    tree = ast.parse(source)
    lines = source.splitlines()
    problems = [
        f"line {s.lineno}: Cypher text in a Python string: {s.value.strip()[:60]!r}"
        for s in _strings(tree)
        if _CYPHER.search(s.value) and _DATA_PRAGMA not in lines[s.lineno - 1]
    ]
    if strict:
        problems += [
            f"line {s.lineno}: names a .cypher file; read statements through queries.catalog.cypher"
            for s in _strings(tree)
            if ".cypher" in s.value
        ]
    tainted_names = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value and _is_cypher_call(node.value)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }

    def is_text(node: ast.AST) -> bool:
        """Whether ``node`` evaluates to statement text (not e.g. a query's result)."""
        if _is_cypher_call(node):
            return True
        if isinstance(node, ast.Name):
            return node.id in tainted_names
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            return is_text(node.left) or is_text(node.right)
        if isinstance(node, (ast.List, ast.Tuple)):
            return any(is_text(e) for e in node.elts)
        if isinstance(node, ast.JoinedStr):
            return any(isinstance(v, ast.FormattedValue) and is_text(v.value) for v in node.values)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            return node.func.attr in _FORMATTING_METHODS and (
                is_text(node.func.value) or any(is_text(a) for a in node.args)
            )
        return False

    for node in ast.walk(tree):
        formatted = (
            (isinstance(node, (ast.JoinedStr, ast.BinOp)) or _is_formatting_call(node))
            and is_text(node)
            and not _is_cypher_call(node)
        )
        formatted |= (
            isinstance(node, ast.AugAssign)
            and isinstance(node.op, (ast.Add, ast.Mod))
            and (is_text(node.target) or is_text(node.value))
        )
        if formatted:
            problems.append(f"line {node.lineno}: a statement built by string formatting")
        if _is_cypher_call(node) and strict:
            assert isinstance(node, ast.Call)
            args = node.args
            literal = (
                len(args) == 1
                and not node.keywords
                and isinstance(args[0], ast.Constant)
                and isinstance(args[0].value, str)
            )
            # A computed name (the load plan picks create_/merge_<file>) only selects
            # among the files of queries/; the catalog raises KeyError for any other,
            # and tests/test_plan.py checks every name a plan can produce.
            if literal and not (QUERIES / f"{args[0].value}.cypher").is_file():
                problems.append(f"line {node.lineno}: cypher({args[0].value!r}) names no statement in queries/")
    return problems


def _python_files() -> list[Path]:
    return sorted(p for folder in PYTHON_DIRS for p in (ROOT / folder).rglob("*.py") if "node_modules" not in p.parts)


def test_no_cypher_in_python_and_no_formatted_statements() -> None:
    failures = [
        f"{path.relative_to(ROOT)} {problem}"
        for path in _python_files()
        for problem in guard_problems(
            path.read_text(encoding="utf-8"),
            strict=not any(path == r or r in path.parents for r in RELAXED),
        )
    ]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", [n for n, (_, hit, _) in _broken(".py.txt").items() if hit != "nothing"])
def test_guard_catches_broken_python(name: str) -> None:
    _, expected, source = _broken(".py.txt")[name]
    problems = guard_problems(source)
    assert any(expected in p for p in problems), f"{name}: expected {expected!r}, got {problems}"


def test_guard_passes_well_formed_python() -> None:
    _, _, source = _broken(".py.txt")["well_formed.py.txt"]
    assert guard_problems(source) == []
