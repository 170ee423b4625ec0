"""The app's role-dependent parts as plain functions: views, caches, audit, unfinished loads,
reports and the upload path.

The role lives in ``flask.g`` (see :mod:`app.security.context`); these tests set it in a
Flask test request context, exactly where :func:`app.security.install_security` puts it.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import flask
import pytest
from werkzeug.exceptions import Forbidden

from app.pages import network, overview, report, upload
from app.security import AuditLog, Role, read_audit
from app.security.audit import EXTENSION_KEY
from app.security.context import ROLE_KEY, USER_KEY
from app.services import Services, StoreIncomplete, confidential_count
from app.shell import account_links, audit_view, shell_status, status_texts, visible_pages
from app.pages import PAGES
from app.source import StaticSource
from app.uploads import changes_summary, check_upload
from graph.diff import FileChange
from graph.model import Dataset, Deployment, Party, Person
from loaders.repository import LoadInfo


def secret_data() -> Dataset:
    """a and b public, s confidential; a person at a (personal data: members only)."""
    return Dataset(
        parties=(
            Party(id="a", name="Aa", kind="gemeente"),
            Party(id="b", name="Bee", kind="ministerie"),
            Party(id="s", name="SECRETPARTY", kind="gemeente", confidential=True),
        ),
        people=(Person(id="p", name="PERSONNAME", party_id="a", email="p@example.org"),),
        deployments=(
            Deployment(id="d", provider_id="b", recipient_id="a", days=2),
            Deployment(id="x", provider_id="s", recipient_id="a", days=9),
        ),
    )


@pytest.fixture
def web(tmp_path: Path) -> flask.Flask:
    """A Flask app with an audit log installed where the security layer puts it."""
    server = flask.Flask("dealnet-test")
    server.extensions[EXTENSION_KEY] = AuditLog(tmp_path / "audit.jsonl")
    return server


@contextmanager
def as_role(server: flask.Flask, role: Role | None, user: str | None = None) -> Iterator[None]:
    """A request by ``role`` (``None``: no security layer ran, i.e. the public)."""
    with server.test_request_context("/_dash-update-component", method="POST"):
        if role is not None:
            setattr(flask.g, ROLE_KEY, role)
            setattr(flask.g, USER_KEY, user or role.value)
        yield


def audit_lines(tmp_path: Path) -> list[dict[str, Any]]:
    return read_audit(tmp_path / "audit.jsonl")


# -- views per role -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees_secret"), [(None, False), (Role.PUBLIC, False), (Role.MEMBER, True), (Role.ADMIN, True)]
)
def test_view_follows_the_signed_in_role(web: flask.Flask, role: Role | None, sees_secret: bool) -> None:
    services = Services(StaticSource(secret_data()))
    with as_role(web, role):
        view = services.view()
        assert ("s" in {p.id for p in view.parties}) is sees_secret
        assert bool(view.people) is sees_secret
        assert services.public().withheld["parties"] == 1


def test_cache_key_includes_the_audience(web: flask.Flask) -> None:
    services = Services(StaticSource(secret_data()))
    calls: list[int] = []

    def parties(dataset: Dataset) -> tuple[str, ...]:
        calls.append(1)
        return tuple(sorted(p.name for p in dataset.parties))

    with as_role(web, Role.MEMBER):
        assert "SECRETPARTY" in services.compute(parties)
    with as_role(web, None):
        assert "SECRETPARTY" not in services.compute(parties)
        services.compute(parties)
    with as_role(web, Role.ADMIN):
        assert "SECRETPARTY" in services.compute(parties)
    assert len(calls) == 2  # one per audience, then from the cache


def test_people_names_only_for_members(web: flask.Flask) -> None:
    services = Services(StaticSource(secret_data()))
    context = {"lang": "en", "period": "all"}
    with as_role(web, Role.PUBLIC):
        public = str(network.update_detail(services, context, "a", None, None, "rolled"))
        elements = network.update_network(services, context, "learned_by", None, None, "rolled", None)[0]
    with as_role(web, Role.MEMBER):
        member = str(network.update_detail(services, context, "a", None, None, "rolled"))
        member_elements = network.update_network(services, context, "learned_by", None, None, "rolled", None)[0]
    assert "PERSONNAME" in member and "p@example.org" in member and "Contact persons" in member
    assert "PERSONNAME" not in public and "Contact persons" not in public
    assert "s" in {e["data"]["id"] for e in member_elements}
    assert "s" not in {e["data"]["id"] for e in elements}


def test_shell_marks_internal_views(web: flask.Flask) -> None:
    services = Services(StaticSource(secret_data()))
    with as_role(web, Role.MEMBER):
        status = shell_status(services)
        assert status.internal and status.available and status.complete
        assert status_texts(status, "nl")[3] == "INTERN — bevat vertrouwelijke gegevens"
    with as_role(web, Role.PUBLIC):
        status = shell_status(services)
        assert not status.internal
        # records and people apart, in the report's sentence (graph.counting: the not-shown rule)
        assert (
            "Niet getoond: vertrouwelijke records en wat alleen daarop rust (aantal records: 2) en alle "
            "persoonsgegevens (aantal personen: 1)."
        ) in status_texts(status, "nl")[3]


def test_upload_page_is_in_the_navigation_for_admins_only() -> None:
    assert upload not in visible_pages(PAGES, Role.PUBLIC)
    assert upload not in visible_pages(PAGES, Role.MEMBER)
    assert upload in visible_pages(PAGES, Role.ADMIN)
    assert report in visible_pages(PAGES, Role.PUBLIC)


def test_account_links_only_with_sign_in(web: flask.Flask) -> None:
    with as_role(web, Role.MEMBER, "anna"):
        assert account_links("nl") == []  # no security layer installed: nobody signs in


def test_confidential_views_are_audited_once_per_page_view(web: flask.Flask, tmp_path: Path) -> None:
    services = Services(StaticSource(secret_data()))
    assert confidential_count(secret_data()) == 2  # the confidential party and the person
    with as_role(web, Role.PUBLIC):
        assert not audit_view(services, "/netwerk")
    with as_role(web, Role.MEMBER, "anna"):
        assert audit_view(services, "/netwerk")
    quiet = Services(StaticSource(Dataset(parties=(Party(id="a", name="A", kind="gemeente"),))))
    with as_role(web, Role.MEMBER, "anna"):
        assert not audit_view(quiet, "/")  # nothing confidential in the data: nothing to account for
    lines = audit_lines(tmp_path)
    assert [(x["action"], x["object"], x["result"], x["actor"]) for x in lines] == [
        ("view", "page:/netwerk", "success", "anna")
    ]


# -- unfinished loads -----------------------------------------------------------------------


class LoadingSource(StaticSource):
    """A static dataset whose last load is in a given state; counts reads."""

    def __init__(self, dataset: Dataset, status: str) -> None:
        super().__init__(dataset)
        self.status = status
        self.reads = 0

    def load(self) -> LoadInfo:
        return LoadInfo(id="l1", status=self.status, started_at=None, finished_at=None, source="x.xlsx", counts={})

    def dataset(self) -> Dataset:
        self.reads += 1
        return super().dataset()


class HalfWrittenSource(StaticSource):
    """A store whose records are not whole (the read raises StoreIncomplete)."""

    def __init__(self) -> None:
        super().__init__(Dataset())
        self.reads = 0

    def dataset(self) -> Dataset:
        self.reads += 1
        raise StoreIncomplete("a person without a party")


@pytest.mark.parametrize("source", [LoadingSource(secret_data(), "unfinished"), HalfWrittenSource()])
def test_unfinished_load_shows_no_figures(web: flask.Flask, source: Any) -> None:
    services = Services(source)
    with as_role(web, Role.MEMBER):
        with pytest.raises(StoreIncomplete):
            services.view()
        status = shell_status(services)
        assert status.available and not status.complete
        store_hidden, incomplete_hidden, _, _ = status_texts(status, "nl")
        assert store_hidden and not incomplete_hidden
        cards, _, table = overview.update(services, {"lang": "nl", "period": "all"})
        assert "niet beschikbaar" in str(cards) and table is None
        with pytest.raises(StoreIncomplete):
            services.full()
    assert source.reads <= 1  # asked once per version, not on every callback


def test_complete_load_reads_normally(web: flask.Flask) -> None:
    source = LoadingSource(secret_data(), "complete")
    services = Services(source)
    with as_role(web, None):
        assert shell_status(services).complete
        assert {p.id for p in services.view().parties} == {"a", "b"}


# -- reports --------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "secret"), [(Role.PUBLIC, False), (Role.MEMBER, True)])
def test_report_follows_the_role_and_is_audited(web: flask.Flask, tmp_path: Path, role: Role, secret: bool) -> None:
    services = Services(StaticSource(secret_data()))
    with as_role(web, role, "anna"):
        data, message = report.build_report(services, {"lang": "en", "period": "all"}, "html", "nl")
    content = base64.b64decode(data["content"])
    assert content.startswith(b"<!DOCTYPE html>") and b"<title>" in content
    assert (b"SECRETPARTY" in content) is secret
    assert data["filename"] == (
        "dealnet-rapport-hele-looptijd-intern.html" if secret else "dealnet-rapport-hele-looptijd.html"
    )
    assert "Report made" in str(message)
    (line,) = audit_lines(tmp_path)
    assert line["action"] == "report" and line["result"] == "success"
    assert ("internal" if secret else "public") in str(line["object"])


def test_report_refuses_unknown_format_and_incomplete_data(web: flask.Flask) -> None:
    with as_role(web, Role.MEMBER):
        data, message = report.build_report(
            Services(StaticSource(secret_data())), {"lang": "nl", "period": "all"}, "exe", "nl"
        )
        assert data is report.no_update and "niet worden gemaakt" in str(message)
        data, message = report.build_report(
            Services(HalfWrittenSource()), {"lang": "nl", "period": "all"}, "json", "nl"
        )
        assert data is report.no_update and "niet afgerond" in str(message)


def test_report_json_period_and_language(web: flask.Flask) -> None:
    services = Services(StaticSource(secret_data()))
    with as_role(web, None):
        data, _ = report.build_report(services, {"lang": "nl", "period": "unknown-phase"}, "json", "en")
    parsed = json.loads(base64.b64decode(data["content"]))
    assert "SECRETPARTY" not in json.dumps(parsed)


# -- uploads --------------------------------------------------------------------------------


def data_url(text: str, kind: str = "text/csv") -> str:
    return f"data:{kind};base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


GOOD = "id,name,kind\nx1,Xdorp,gemeente\nx2,Ydorp,gemeente\n"
BAD = "id,name,kind\nx1,Xdorp,gemeente\nx2,Ydorp,gemeenteX\n"


def test_check_upload_lists_every_problem_with_its_place() -> None:
    check = check_upload([data_url(BAD)], ["parties.csv"])
    assert not check.valid
    (problem,) = check.problems
    assert (problem.file, problem.row, problem.column, problem.value) == ("parties.csv", 3, "kind", "gemeenteX")


def test_check_upload_reads_a_valid_dataset() -> None:
    check = check_upload([data_url(GOOD)], ["parties.csv"])
    assert check.valid and check.dataset is not None
    assert [p.id for p in check.dataset.parties] == ["x1", "x2"]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["../parties.csv"], "plain file name"),
        (["parties.exe"], ".csv file or an .xlsx"),
        (["data.xlsx", "parties.csv"], "one .xlsx workbook on its own"),
        (["parties.csv", "parties.csv"], "each file once"),
    ],
)
def test_check_upload_refuses_names_before_writing(names: list[str], expected: str) -> None:
    check = check_upload([data_url(GOOD)] * len(names), names)
    assert not check.valid
    assert any(expected in p.expected for p in check.problems), check.problems


def test_check_upload_enforces_the_size_limit_on_the_server() -> None:
    check = check_upload([data_url(GOOD)], ["parties.csv"], limit=10)
    assert not check.valid and "at most 10 bytes" in check.problems[0].expected
    assert check_upload([data_url(GOOD)], ["parties.csv"], limit=len(GOOD)).valid
    broken = check_upload(["data:text/csv;base64,@@@@"], ["parties.csv"])
    assert not broken.valid


class RecordingWriter:
    """The writer the CLI passes, writing into a list instead of a store."""

    def __init__(self) -> None:
        self.loads: list[tuple[Dataset, bool]] = []

    def __call__(self, dataset: Dataset, replace: bool) -> None:
        self.loads.append((dataset, replace))


def test_upload_callbacks_need_an_admin(web: flask.Flask, tmp_path: Path) -> None:
    services = Services(StaticSource(secret_data()), writer=RecordingWriter())
    for role in (None, Role.PUBLIC, Role.MEMBER):
        with as_role(web, role), pytest.raises(Forbidden):
            upload.check_files(services, {"lang": "nl"}, [data_url(GOOD)], ["parties.csv"])
        with as_role(web, role), pytest.raises(Forbidden):
            upload.load_files(services, {"lang": "nl"}, [data_url(GOOD)], ["parties.csv"], False)
    assert services.writer.loads == []  # type: ignore[union-attr]
    assert {x["result"] for x in audit_lines(tmp_path)} == {"denied-403 (needs admin)"}


def test_upload_check_shows_problems_then_loads(web: flask.Flask, tmp_path: Path) -> None:
    writer = RecordingWriter()
    services = Services(StaticSource(secret_data()), writer=writer)
    with as_role(web, Role.ADMIN, "bert"):
        shown, disabled = upload.check_files(services, {"lang": "en"}, [data_url(BAD)], ["parties.csv"])
        assert disabled and "gemeenteX" in str(shown) and "1 problem(s)" in str(shown)
        shown, disabled = upload.check_files(services, {"lang": "en"}, [data_url(GOOD)], ["parties.csv"])
        assert not disabled and "The data is valid: 2 records" in str(shown)
        shown, version = upload.load_files(services, {"lang": "en"}, [data_url(GOOD)], ["parties.csv"], True)
    ((loaded, replace),) = writer.loads
    assert replace and [p.id for p in loaded.parties] == ["x1", "x2"]
    assert "Loaded: parties +2 ~0 -3" in str(shown) and version == services.version()
    lines = audit_lines(tmp_path)
    assert (lines[-1]["action"], lines[-1]["object"], lines[-1]["actor"]) == ("load", "upload:parties.csv", "bert")
    assert lines[-1]["result"] == "success: parties +2 ~0 -3; people +0 ~0 -1; deployments +0 ~0 -2 (replace)"


def test_upload_without_writer_is_off(web: flask.Flask) -> None:
    services = Services(StaticSource(secret_data()))
    with as_role(web, Role.ADMIN):
        shown, version = upload.load_files(services, {"lang": "nl"}, [data_url(GOOD)], ["parties.csv"], False)
        assert "Uploaden staat uit" in str(shown) and version is upload.no_update
        assert "Uploaden staat uit" in str(upload.layout(services, "nl", "all", {}))
    with as_role(web, Role.MEMBER):
        assert "Alleen beheerders" in str(upload.layout(services, "nl", "all", {}))


def test_changes_summary_matches_the_cli() -> None:
    assert changes_summary({"parties": FileChange(added=1, removed=2)}) == "parties +1 ~0 -2"
    assert changes_summary({}) == "no changes"
