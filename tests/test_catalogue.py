"""The one text catalogue: complete in both languages, nothing unused, no text chosen in code.

Every check is a small pure function, first shown to fail on a hand-made example,
then run on the real catalogues (``app/locale``) and the real code (``app/``, the
report templates and, for the language branches, ``graph/`` too).

A key is *used* when the code names it: as a string literal anywhere in ``app/``
(``t("page.network", lang)``, a key chosen by a condition, a key passed on), or,
in the report renderer and its templates, as ``t("contents")`` for
``document.contents``. A key built at run time (``t(f"kind.{kind}", lang)``) belongs
to a *family* declared below from the domain's own lists (the party kinds of
:class:`graph.model.PartyKind`, the pages, ...): every member must have a text, every
member counts as used, and a new f-string key without a family fails the test.
"""

from __future__ import annotations

import ast
import re
import string
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import get_args

import pytest

from app.basis import SECTION_NEEDS
from app.figures.overview import GROWTH_METRICS
from app.formatting import CONVENTIONS
from app.i18n import LANGS, LOCALE_DIR, Lang, catalogue, catalogue_path, read_catalogue, t
from app.pages import PAGES
from app.pages.network import METRICS
from app.security import Role as UserRole
from app.security.pages import ERROR_STATUSES, SignInMessage
from graph.analysis.change import KEY_FIGURES
from graph.analysis.learning import Role as NetworkRole
from graph.explain import TOPICS, explanation
from graph.model import BottleneckStatus, Concern, PartyKind, QuestionStatus, Stage

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"
GRAPH = ROOT / "graph"
#: The report renderer names its texts without the ``document.`` prefix.
RELATIVE = {APP / "reports" / "html.py": "document.", APP / "reports" / "templates": "document."}

#: The kinds of :class:`graph.analysis.opportunities.Reason` (plain strings there).
REASON_KINDS = ("theme", "priority", "spread", "secured", "proximity")
_VALUES = (*PartyKind, *Stage, *BottleneckStatus, *Concern, *QuestionStatus)

#: Keys built at run time: the f-string's literal start -> what fills it.
FAMILIES: dict[str, tuple[str, ...]] = {
    "page.": tuple(page.KEY for page in PAGES),
    "role.": tuple(role.value for role in UserRole),
    "kind.": tuple(PartyKind),
    "stage.": tuple(Stage),
    "bstatus.": tuple(BottleneckStatus),
    "concern.": tuple(Concern),
    "metric.": (*GROWTH_METRICS, *KEY_FIGURES),
    "network.metric.": METRICS,
    "reason.": REASON_KINDS,
    "value.": tuple(dict.fromkeys(str(v) for v in _VALUES)),
    "document.k_": KEY_FIGURES,
    "document.role_": (NetworkRole.SOURCE, NetworkRole.LEARNER, NetworkRole.BROKER, NetworkRole.ISOLATE),
    "signin.message.": get_args(SignInMessage),
    "error.": tuple(f"{status}.{part}" for status in ERROR_STATUSES for part in ("title", "text")),
    "basis.kind.": tuple(
        dict.fromkeys(kind for groups in SECTION_NEEDS.values() for group in groups for kind in group)
    ),
}


# --- the checks, as pure functions ------------------------------------------------------


def missing_keys(catalogues: Mapping[Lang, Mapping[str, str]]) -> dict[Lang, list[str]]:
    """Per language, the keys another language has and it lacks."""
    every = set().union(*catalogues.values())
    return {lang: sorted(every - set(texts)) for lang, texts in catalogues.items() if every - set(texts)}


def placeholders(text: str) -> set[str]:
    """The ``{names}`` in ``text`` (raises :class:`ValueError` on a stray brace)."""
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(text) if field}


def placeholder_mismatches(catalogues: Mapping[Lang, Mapping[str, str]]) -> dict[str, dict[Lang, set[str]]]:
    """Keys whose placeholders differ between the languages (or cannot be read)."""
    found: dict[str, dict[Lang, set[str]]] = {}
    for key in set.intersection(*(set(texts) for texts in catalogues.values())):
        names: dict[Lang, set[str]] = {}
        for lang, texts in catalogues.items():
            try:
                names[lang] = placeholders(texts[key])
            except ValueError:
                names[lang] = {"<unbalanced braces>"}
        if len({frozenset(v) for v in names.values()}) > 1 or any("<unbalanced braces>" in v for v in names.values()):
            found[key] = names
    return found


def _sources(folder: Path) -> Iterator[Path]:
    yield from sorted(p for p in folder.rglob("*.py") if "node_modules" not in p.parts)


def _prefix_of(path: Path) -> str:
    return next((prefix for where, prefix in RELATIVE.items() if path == where or where in path.parents), "")


def literal_strings(source: str) -> set[str]:
    """Every string literal of a Python module (f-strings' literal parts not included).

    Examples
    --------
    >>> sorted(literal_strings('t("page.network", lang); x = f"kind.{k}"'))
    ['page.network']
    """
    tree = ast.parse(source)
    inside_fstrings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    return {
        str(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in inside_fstrings
    }


def dynamic_prefixes(source: str) -> set[str]:
    """The literal starts of keys built with an f-string in a call of ``t`` or ``_t``.

    Examples
    --------
    >>> sorted(dynamic_prefixes('t(f"kind.{k}", lang); _t(f"signin.message.{m}", lang); f"x{y}"'))
    ['kind.', 'signin.message.']
    """
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.JoinedStr)):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name in ("t", "_t"):
            first = node.args[0].values[0]
            found.add(str(first.value) if isinstance(first, ast.Constant) else "")
    return found


def used_keys(keys: Iterable[str]) -> set[str]:
    """The keys of ``keys`` that the code names (see the module docstring)."""
    keys = set(keys)
    used: set[str] = set()
    for path in _sources(APP):
        prefix = _prefix_of(path)
        for text in literal_strings(path.read_text(encoding="utf-8")):
            used |= {text, prefix + text} & keys
    for path in sorted((APP / "reports" / "templates").glob("*")):
        prefix = _prefix_of(path)
        for text in re.findall(r"""\bt\(\s*["']([\w.]+)["']""", path.read_text(encoding="utf-8")):
            used |= {text, prefix + text} & keys
    for prefix, members in FAMILIES.items():
        used |= {prefix + str(m) for m in members} & keys
    return used


_LANG_CODES = frozenset(LANGS)


def _is_lang_literal(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in _LANG_CODES
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_is_lang_literal(e) for e in node.elts)
    return False


def language_branches(source: str, *, allow_tables: bool = False) -> list[int]:
    """Lines that choose by a language code written in the code.

    A comparison with a language code (``lang == "nl"``, ``"en" if x != "nl" else …``,
    ``lang in ("nl", "en")``), and, unless ``allow_tables``, a table of texts keyed by
    language codes (``{"nl": "Kerncijfers", "en": "Key figures"}``).

    Examples
    --------
    >>> language_branches('a = "K" if lang == "nl" else "Q"\\nb = lang in ("nl", "en")\\nc = x == y')
    [1, 2]
    >>> language_branches('T = {"nl": "Ja", "en": "Yes"}[lang]'), language_branches('B = {"nl": ids.NL}')
    ([1], [])
    """

    def compares_a_code(node: ast.AST) -> bool:
        return isinstance(node, ast.Compare) and any(_is_lang_literal(n) for n in (node.left, *node.comparators))

    def text_table(node: ast.AST) -> bool:
        return (
            isinstance(node, ast.Dict)
            and not allow_tables
            and bool(node.keys)
            and all(isinstance(k, ast.Constant) and k.value in _LANG_CODES for k in node.keys)
            and any(isinstance(v, (ast.Constant, ast.JoinedStr, ast.Tuple)) for v in node.values)
        )

    found = (node for node in ast.walk(ast.parse(source)) if compares_a_code(node) or text_table(node))
    return sorted(node.lineno for node in found if isinstance(node, ast.expr))


# --- the checks fail when they should ----------------------------------------------------


def test_the_checks_find_what_they_look_for() -> None:
    nl = {"a": "Ja {n}", "b": "Alleen nl", "c": "Open {"}
    en = {"a": "Yes {count}", "c": "Open {"}
    assert missing_keys({"nl": nl, "en": en}) == {"en": ["b"]}
    assert set(placeholder_mismatches({"nl": nl, "en": en})) == {"a", "c"}
    assert missing_keys({"nl": {"a": "x"}, "en": {"a": "y"}}) == {}
    assert FAMILIES["kind."] and "kind.gemeente" in used_keys({"kind.gemeente", "no.such.key.anywhere"})
    assert "no.such.key.anywhere" not in used_keys({"no.such.key.anywhere"})


def test_a_fuzzy_or_empty_message_is_no_text(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "ok"\nmsgstr "Goed"\n\n#, fuzzy\nmsgid "guessed"\nmsgstr "Gegokt"\n\nmsgid "empty"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert read_catalogue(po) == {"ok": "Goed"}


# --- the real catalogues and code ----------------------------------------------------------


@pytest.fixture(scope="module")
def catalogues() -> dict[Lang, Mapping[str, str]]:
    return {lang: catalogue(lang) for lang in LANGS}


def test_every_key_is_in_every_language(catalogues: dict[Lang, Mapping[str, str]]) -> None:
    assert len(catalogues["nl"]) > 400
    assert missing_keys(catalogues) == {}


def test_placeholders_are_the_same_in_every_language(catalogues: dict[Lang, Mapping[str, str]]) -> None:
    assert placeholder_mismatches(catalogues) == {}


def test_every_key_is_used(catalogues: dict[Lang, Mapping[str, str]]) -> None:
    keys = set().union(*catalogues.values())
    assert sorted(keys - used_keys(keys)) == []


def test_every_key_the_code_names_has_a_text(catalogues: dict[Lang, Mapping[str, str]]) -> None:
    keys = set().union(*catalogues.values())
    named: set[str] = set()
    for path in _sources(APP):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name in ("t", "_t") and isinstance(node.args[0].value, str):
                    named.add(node.args[0].value)
    assert len(named) > 300, "the scan found too few keys"
    assert sorted(named - keys) == []


def test_every_key_built_at_run_time_has_a_family_and_every_member_a_text(
    catalogues: dict[Lang, Mapping[str, str]],
) -> None:
    prefixes: set[str] = set()
    for path in _sources(APP):
        prefixes |= {_prefix_of(path) + p for p in dynamic_prefixes(path.read_text(encoding="utf-8"))}
    assert prefixes, "the scan found no keys built at run time"
    assert sorted(prefixes - set(FAMILIES)) == [], "declare the family in FAMILIES"
    keys = set().union(*catalogues.values())
    members = {prefix + str(member) for prefix, values in FAMILIES.items() for member in values}
    assert sorted(members - keys) == []


def test_no_text_is_chosen_by_a_language_code_in_the_code() -> None:
    found = {
        str(path.relative_to(ROOT)): lines
        for folder in (APP, GRAPH)
        for path in _sources(folder)
        if (
            lines := language_branches(
                path.read_text(encoding="utf-8"),
                # the one table of each language's number and date conventions; graph.explain's headings
                allow_tables=path in (APP / "formatting.py", GRAPH / "explain.py"),
            )
        )
    }
    assert found == {}


def test_every_explanation_is_written_in_every_language() -> None:
    for topic in TOPICS:
        for lang in LANGS:
            assert len(explanation(topic, lang)) > 80, (topic, lang)


def test_each_catalogue_names_its_locale_and_is_formatted_by_it() -> None:
    for lang in LANGS:
        header = catalogue_path(lang).read_text(encoding="utf-8").split("\n\n", 1)[0]
        assert f'"Language: {CONVENTIONS[lang].locale}\\n"' in header
        assert "#, fuzzy" not in header
    assert set(CONVENTIONS) == set(LANGS) == {p.name for p in LOCALE_DIR.iterdir() if p.is_dir()}


def test_the_catalogues_ship_with_the_package() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["app"]
    shipped = {path for pattern in patterns for path in APP.glob(pattern)}
    assert {catalogue_path(lang) for lang in LANGS} <= shipped
    assert any(dep.lower().startswith("babel") for dep in data["project"]["dependencies"])


def test_t_fills_placeholders_and_refuses_an_unknown_key() -> None:
    assert t("parties.plain", "nl", parties="3") == "3 partijen"
    with pytest.raises(KeyError, match="no.such.key"):
        t("no.such.key", "en")
    with pytest.raises(KeyError, match="unknown language"):
        t("page.network", "de")  # type: ignore[arg-type]
