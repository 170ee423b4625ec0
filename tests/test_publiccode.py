"""``publiccode.yml`` is valid under the publiccode.yml standard, version 0.5, and tells the truth.

The standard's reference validator is a Go program (publiccode-parser-go) that is on no
registry this project installs from, so the rules are a JSON Schema written from the
standard's text (``tests/publiccode/publiccode-0.5.schema.json``, see its ``$comment``),
checked with the ``jsonschema`` package. Control cases show that each kind of mistake a
hand edit makes is caught: a missing mandatory key, a value outside a vocabulary, an
unknown key (the standard has no ``nl`` country section), a description that is too long.

Beyond the schema, the file must agree with the project: the version and the licence of
``pyproject.toml``, the app's languages, and a ``url`` that is either the repository's
https remote or, while there is none, plainly not an address (``.invalid``, RFC 6761).
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml  # type: ignore[import-untyped]
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]

from app.i18n import LANGS

ROOT = Path(__file__).resolve().parent.parent
PUBLICCODE = ROOT / "publiccode.yml"
SCHEMA = ROOT / "tests" / "publiccode" / "publiccode-0.5.schema.json"

Document = dict[str, Any]


class _Loader(yaml.SafeLoader):  # type: ignore[misc]
    """YAML as the standard reads it: an unquoted date stays text (it is a string key)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read(text: str) -> Document:
    document = yaml.load(text, Loader=_Loader)  # a SafeLoader: plain data only, no objects
    assert isinstance(document, dict)
    return document


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.fixture(scope="module")
def document() -> Document:
    return _read(PUBLICCODE.read_text(encoding="utf-8"))


def _errors(validator: Draft202012Validator, document: Document) -> list[str]:
    return sorted(
        f"{'.'.join(str(p) for p in error.absolute_path) or '(top)'}: {error.message}"
        for error in validator.iter_errors(document)
    )


def test_publiccode_yml_is_valid(validator: Draft202012Validator, document: Document) -> None:
    assert _errors(validator, document) == []
    assert document["publiccodeYmlVersion"] == "0.5"


def _drop(*path: str) -> Callable[[Document], None]:
    def change(doc: Document) -> None:
        node = doc
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return change


def _set(value: Any, *path: str) -> Callable[[Document], None]:
    def change(doc: Document) -> None:
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


def _drop_long_descriptions(doc: Document) -> None:
    for text in doc["description"].values():
        text.pop("longDescription")


BROKEN: dict[str, tuple[Callable[[Document], None], str]] = {
    "no url": (_drop("url"), "'url' is a required property"),
    "no licence": (_drop("legal", "license"), "'license' is a required property"),
    "no maintainer": (_drop("maintenance", "contacts"), "'contacts' is a required property"),
    "a contact without a name": (
        _set([{"email": "a@b.example"}], "maintenance", "contacts"),
        "'name' is a required property",
    ),
    "an e-mail that is not one": (_set([{"name": "A", "email": "nobody"}], "maintenance", "contacts"), "email"),
    "an unknown status": (_set("production", "developmentStatus"), "is not one of"),
    "a category outside the vocabulary": (_set(["network-analysis"], "categories"), "is not one of"),
    "a Dutch country section (the standard has none)": (_set({"wooVerplicht": True}, "nl"), "Additional properties"),
    "a typo in a key": (_set("x", "softwareVerison"), "Additional properties"),
    "a short description over 150 characters": (
        _set("x" * 151, "description", "en", "shortDescription"),
        "is too long",
    ),
    "no long description in any language": (_drop_long_descriptions, "should not be valid"),
    "a date in Dutch notation": (_set("27-11-2026", "releaseDate"), "does not match"),
    "a language tag that is not BCP 47": (_set(["Nederlands"], "localisation", "availableLanguages"), "does not match"),
    "a wrong schema version": (_set("1.0", "publiccodeYmlVersion"), "is not one of"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_control_cases_a_broken_file_is_refused(validator: Draft202012Validator, document: Document, case: str) -> None:
    change, expected = BROKEN[case]
    broken = copy.deepcopy(document)
    change(broken)
    errors = _errors(validator, broken)
    assert errors, f"{case}: not caught"
    assert any(expected in e for e in errors), f"{case}: {errors}"


def test_an_unquoted_date_is_read_as_the_standard_reads_it(validator: Draft202012Validator) -> None:
    original = PUBLICCODE.read_text(encoding="utf-8")
    quoted = re.search(r'^releaseDate: "([0-9-]+)"$', original, flags=re.MULTILINE)
    assert quoted is not None
    text = original.replace(quoted.group(0), f"releaseDate: {quoted.group(1)}")
    assert text != original
    assert _errors(validator, _read(text)) == []


def test_version_licence_and_languages_agree_with_the_project(document: Document) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert document["softwareVersion"] == project["version"]
    assert document["legal"]["license"] == project["license"] == "EUPL-1.2"
    assert tuple(document["localisation"]["availableLanguages"]) == LANGS
    assert set(document["description"]) == set(LANGS)
    assert "nl" in document["intendedAudience"]["countries"]


def test_the_latest_release_in_the_changelog_is_the_one_described(document: Document) -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\](?: - ([0-9]{4}-[0-9]{2}-[0-9]{2}))?$", text, flags=re.MULTILINE)
    assert headings[0] == ("Unreleased", ""), "Keep a Changelog: Unreleased comes first"
    version, date = headings[1]
    assert (document["softwareVersion"], document["releaseDate"]) == (version, date)


def _https_remote() -> str | None:
    """The repository's https ``origin``, if it has one (a CI clone's origin is a local path)."""
    done = subprocess.run(
        ["git", "-C", str(ROOT), "remote", "get-url", "origin"], capture_output=True, text=True, check=False
    )
    remote = done.stdout.strip()
    return remote if done.returncode == 0 and remote.startswith("https://") else None


def _same_repository(a: str, b: str) -> bool:
    def key(url: str) -> tuple[str, str]:
        parts = urlsplit(url)
        return parts.netloc.lower(), parts.path.removesuffix(".git").rstrip("/").lower()

    return key(a) == key(b)


def test_the_url_is_the_published_repository_or_plainly_none(document: Document) -> None:
    url = document["url"]
    host = urlsplit(url).hostname or ""
    remote = _https_remote()
    if remote is not None:
        assert _same_repository(url, remote), f"url {url} is not this repository ({remote})"
    else:
        assert host.endswith(".invalid"), f"no public repository yet, but url names one: {url}"
    contacts = [c.get("email", "") for c in document["maintenance"]["contacts"]]
    if host.endswith(".invalid"):
        assert all(e.endswith(".invalid") for e in contacts), "an unpublished project has no real maintainer address"
