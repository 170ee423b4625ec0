"""The ``dealnet`` command line.

Every command that needs the graph store uses the configured one (environment or
config file, see :mod:`loaders.settings`), or else starts the embedded store of
``DEALNET_HOME``. Exit codes: 0 done, 1 the input or data is wrong (every problem is
printed, nothing was written), 2 wrong usage, 3 the store cannot be reached.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shlex
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.model import Dataset
from graph.period import Period
from graph.errors import DealnetError
from loaders.errors import DatasetError

if TYPE_CHECKING:
    from app.security import SecurityConfig
    from loaders.driver import Store
    from loaders.writer import LoadResult

__all__ = ["main"]

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3


class UsageError(DealnetError):
    """The command was given an option value it cannot use."""


_out = Console(highlight=False)
_err = Console(stderr=True, highlight=False)


def _store(*, keep_alive: bool = False):
    from loaders.stores import ensure_store

    return ensure_store(keep_alive=keep_alive)


def _cmd_load(args: argparse.Namespace) -> int:
    import getpass

    from app.security import audit
    from loaders.reader import read_dataset_with_notes
    from loaders.repository import StoreIncomplete, read_store_dataset
    from loaders.writer import write_dataset

    path = Path(args.path)
    actor = getpass.getuser()
    try:
        dataset, notes = read_dataset_with_notes(path)
    except DatasetError as error:
        audit("load", str(path), f"rejected: {len(error.problems)} problem(s)", actor=actor, origin="cli")
        raise
    total = sum(dataset.counts().values())
    with _store() as store:
        held: Dataset | None = None  # read only to check app entries; the writer finds what changes by itself
        if not args.force and _app_entries_since_export(store):
            try:
                held = read_store_dataset(store)
            except StoreIncomplete:
                held = None  # an unfinished load before this one: what it held is unknown
            else:
                if _refuse_unexported_entries(store, held, dataset, path, args.replace, actor):
                    return EXIT_STORE
        if total < 2_000 or not _err.is_terminal:
            result = write_dataset(store, dataset, source=str(path), replace=args.replace, held=held)
        else:
            with Progress(
                TextColumn("[bold]Loading"),
                BarColumn(),
                TaskProgressColumn(),
                TimeElapsedColumn(),
                console=_err,
            ) as bar:
                task = bar.add_task("load", total=None)
                result = write_dataset(
                    store,
                    dataset,
                    source=str(path),
                    replace=args.replace,
                    held=held,
                    progress=lambda done, steps: bar.update(task, completed=done, total=steps),
                )
    changes = result.changes
    summary = (
        "; ".join(f"{file} +{c.added} ~{c.changed} -{c.removed}" for file, c in changes.items()) or "no changes"
        if changes is not None
        else "unknown (completes an unfinished load)"
    )
    if result.unchanged:  # nothing written, not even a load record (loaders.writer)
        audit("load", str(path), "success: nothing changed", actor=actor, origin="cli")
        _out.print(
            f"Nothing changed / niets gewijzigd: the store already holds {path} ({total} records); nothing was written.",
            soft_wrap=True,
        )
    else:
        audit("load", str(path), f"success: {summary}", actor=actor, origin="cli")
        _out.print(f"Loaded {path}: {total} records; added/changed/removed per file: {summary}.", soft_wrap=True)
    for line in notes.lines():  # CSV files not in UTF-8, files with a header but no rows
        _out.print(line, soft_wrap=True, markup=False)
    if args.replace:
        _out.print("The store now holds exactly this dataset (--replace).")
    return EXIT_OK


def _app_entries_since_export(store: Store) -> bool:
    """Whether records were entered in the app since the last export (one small query; then the guard reads the store)."""
    from loaders.changes import changes_since
    from loaders.entry_guard import last_export

    export = last_export(store)
    return bool(store.execute_read(changes_since, None if export is None else export.at))


def _refuse_unexported_entries(
    store: Store, held: Dataset, dataset: Dataset, path: Path, replace: bool, actor: str
) -> bool:
    """Whether the load must be refused: it would undo records entered in the app after the last export (printed)."""
    from app.security import audit
    from loaders.entry_guard import unexported_changes

    undone = unexported_changes(store, held, dataset, replace=replace)
    if not undone:
        return False
    audit(
        "load", str(path), f"refused: would undo {len(undone)} record(s) entered in the app", actor=actor, origin="cli"
    )
    _err.print(
        f"Not loaded: {path} would undo {len(undone)} record(s) entered or changed in the app after the last "
        "export. Export first (dealnet export) and add them to the files, or load with --force to overwrite them.",
        soft_wrap=True,
        markup=False,
    )
    for change in undone:
        _err.print(f"  - {change.line()}", soft_wrap=True, markup=False)
    return True


def _cmd_db(args: argparse.Namespace) -> int:
    """Start, stop or inspect the embedded store; ``status`` exits 3 when it does not run.

    With a store configured, ``status`` checks that one answers (exit 3 if not), and
    ``start``/``stop`` are refused: dealnet does not manage a store it did not start.
    """
    from loaders.driver import connect
    from loaders.embedded import EmbeddedStore
    from loaders.settings import configured_settings, dealnet_home

    configured = configured_settings()
    if configured is not None:
        _out.print(f"A store is configured ({configured.uri}); `dealnet db` manages only the embedded store.")
        if args.action != "status":
            return EXIT_USAGE
        with connect(configured):  # StoreUnavailable: exit 3
            _out.print(f"The configured store at {configured.uri} answers.")
        return EXIT_OK
    embedded = EmbeddedStore(dealnet_home())
    if args.action == "start":
        settings = embedded.start()
        _out.print(f"Embedded store running at {settings.uri} (home {dealnet_home()}).")
    elif args.action == "stop":
        stopped = embedded.stop()
        _out.print("Embedded store stopped." if stopped else "Embedded store was not running.")
    else:
        status = embedded.status()
        if status.running:
            _out.print(f"Embedded store running at {status.uri} (pid {status.pid}, home {status.home}).")
            heap = f"{status.heap or 'unknown'} ({status.heap_source or 'not recorded'})"
            _out.print(f"Heap: {heap}.", soft_wrap=True)
        elif status.crashed:
            _out.print(
                f"Embedded store not running: it stopped unexpectedly (home {status.home}). "
                "`dealnet db start`, or any command that needs it, starts it again."
            )
            return EXIT_STORE
        else:
            _out.print(f"Embedded store not running (home {status.home}).")
            _out.print(f"Heap when started: {status.heap} ({status.heap_source}).", soft_wrap=True)
            return EXIT_STORE
    return EXIT_OK


def _cmd_stats(args: argparse.Namespace) -> int:
    from graph.schema import NODES, OUTSIDE_GENERATIONS, RELATIONSHIPS
    from loaders.repository import last_load
    from loaders.writer import store_counts

    with _store() as store:
        counts = store_counts(store)
        load = last_load(store)
    nodes = {n.label: counts.get(n.label, 0) for n in NODES if n.label not in OUTSIDE_GENERATIONS}
    relationships = {r.type: counts.get(r.type, 0) for r in RELATIONSHIPS}
    if args.json:
        payload = {
            "nodes": nodes,
            "relationships": relationships,
            "last_load": None
            if load is None
            else {"status": load.status, "started_at": load.started_at, "finished_at": load.finished_at},
        }
        _out.print_json(json.dumps(payload))
        return EXIT_OK
    for title, group in (("nodes", nodes), ("relationships", relationships)):
        table = Table(title, "count", title=f"dealnet store: {title}")
        for name, count in group.items():
            table.add_row(name, str(count))
        _out.print(table)
    if load is not None and not load.complete:
        _err.print("[bold red]The last load did not finish:[/] run it again to complete it.")
    return EXIT_OK


def _period(args: argparse.Namespace, dataset: Dataset) -> Period:
    """The period the user asked for: a phase of the deal, or from/to dates (either open)."""
    if args.phase:
        try:
            return Period.from_phase(dataset, args.phase)
        except KeyError as error:
            raise UsageError(str(error.args[0])) from None
    try:
        return Period(
            start=dt.date.fromisoformat(args.start) if args.start else None,
            end=dt.date.fromisoformat(args.end) if args.end else None,
        )
    except ValueError as error:
        raise UsageError(f"--from/--to: {error} (expected a date like 2026-01-31)") from None


def _scale(text: str) -> tuple[float, float]:
    """``1-5`` as (1.0, 5.0): the self-assessment scale of the deal."""
    low, sep, high = text.partition("-")
    try:
        scale = (float(low), float(high))
    except ValueError:
        scale = (1.0, 0.0)
    if not sep or scale[0] >= scale[1]:
        raise UsageError(f"--scale {text!r}: expected LOW-HIGH, e.g. 1-5 or 0-10")
    return scale


#: The file name endings of each report format (the first is the one suggested).
REPORT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "json": (".json",),
    "html": (".html", ".htm"),
    "pdf": (".pdf",),
    "xlsx": (".xlsx",),
}


def _report_format(requested: str | None, out: str | None) -> str:
    """The report format: ``--format``, else told by the ``--out`` name, else JSON.

    A file name must end in its format's suffix, so that ``--format xlsx --out x.html``
    (a workbook that no browser opens) is refused rather than written.
    """
    if not out:
        return requested or "json"
    suffix = Path(out).suffix.lower()
    named = next((fmt for fmt, suffixes in REPORT_SUFFIXES.items() if suffix in suffixes), None)
    fmt = requested or named
    if fmt is None:
        raise UsageError(
            f"--out {out}: cannot tell the format from {suffix or 'a name without suffix'};"
            " name the file .json, .html, .pdf or .xlsx, or give --format"
        )
    if suffix not in REPORT_SUFFIXES[fmt]:
        raise UsageError(
            f"--format {fmt} writes a {REPORT_SUFFIXES[fmt][0]} file, but --out {out} ends in"
            f" {suffix or 'no suffix'}; name it {Path(out).stem}{REPORT_SUFFIXES[fmt][0]}"
        )
    return fmt


def _cmd_report(args: argparse.Namespace) -> int:
    """Write the report; a bad ``--out`` is refused before the store is even read.

    The file is written whole or not at all (a temporary file, then a rename); an
    internal report, which holds confidential records, is readable by its owner only
    (mode 0600).

    The cyclic garbage collector is paused meanwhile (:mod:`graph.collector`): a national
    report makes millions of small acyclic objects next to the dataset, and each full
    collection walked them all (1.3 s of the command) to free nothing.
    """
    from graph.collector import collector_paused

    with collector_paused():
        return _write_report(args)


def _write_report(args: argparse.Namespace) -> int:
    """:func:`_cmd_report`'s work (its objects are freed when it returns, before the collector runs again)."""
    from app.reports import check_theme, render_report
    from graph.visibility import Audience
    from loaders.outfile import check_output_file, write_file_atomically
    from loaders.repository import read_store_dataset

    args.format = _report_format(args.format, args.out)
    if args.format in ("pdf", "xlsx") and not args.out:
        raise UsageError(f"--format {args.format} needs --out FILE")
    if args.out:
        check_output_file(Path(args.out))
    with _store() as store:
        dataset = read_store_dataset(store)
    audience = Audience(args.audience)
    try:
        check_theme(dataset, args.theme)
    except ValueError as error:
        raise UsageError(f"--theme: {error}") from None
    from app.reports.render import check_deal_ids

    try:
        deals = check_deal_ids(dataset, args.deal or ())
    except ValueError as error:
        raise UsageError(f"--deal: {error}") from None
    document = render_report(
        dataset,
        fmt=args.format,
        audience=audience,
        period=_period(args, dataset),
        lang=args.lang,
        scale=_scale(args.scale),
        theme=args.theme,
        deals=deals,
        full=args.full,
    )
    import getpass

    from app.security import audit

    private = audience is Audience.INTERNAL
    if args.out:
        write_file_atomically(Path(args.out), document, private=private)
    else:
        sys.stdout.buffer.write(document)
        sys.stdout.flush()
    audit(
        "report",
        f"{args.format} {audience.value} -> {args.out or 'stdout'}",
        "success",
        actor=getpass.getuser(),
        origin="cli",
    )
    if args.out:
        note = " (internal: readable by you only)" if private else ""
        _err.print(
            f"Report ({args.format}, {audience.value}) written to {args.out}{note}.", markup=False, soft_wrap=True
        )
    return EXIT_OK


def _export_format(requested: str | None, path: str) -> str:
    """The export format: ``--format``, else ``xlsx`` for a name ending in .xlsx, else ``csv``."""
    workbook = Path(path).suffix.lower() == ".xlsx"
    fmt = requested or ("xlsx" if workbook else "csv")
    if fmt == "xlsx" and not workbook:
        raise UsageError(f"--format xlsx writes one workbook: name it {Path(path).stem}.xlsx, not {path}")
    if fmt == "csv" and workbook:
        raise UsageError(f"--format csv writes a folder of CSV files, but {path} is named like a workbook")
    return fmt


def _cmd_export(args: argparse.Namespace) -> int:
    """Export the store; a target that cannot take the export is refused before the store is read."""
    from loaders.export import export_dataset
    from loaders.outfile import check_output_file, check_output_folder
    from loaders.repository import read_store_dataset

    args.format = _export_format(args.format, args.path)
    if args.format == "xlsx":
        check_output_file(Path(args.path), create_folders=True)
    else:
        check_output_folder(Path(args.path))
    import getpass

    from app.security import audit
    from loaders.entry_guard import record_export

    with _store() as store:
        started = dt.datetime.now(dt.UTC)
        dataset = read_store_dataset(store)
        counts = export_dataset(dataset, Path(args.path), fmt=args.format)
        record_export(store, actor=getpass.getuser(), target=str(args.path), at=started)

    audit("export", str(args.path), "success", actor=getpass.getuser(), origin="cli")
    _err.print(
        "[bold yellow]The export holds everything, confidential records and personal data included:[/] "
        "keep it as carefully as the store itself."
    )
    _out.print(f"Exported to {args.path}: " + ", ".join(f"{n} {k}" for k, n in counts.items() if n))
    return EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    """Write the entry workbook (:mod:`loaders.template`); a bad ``--out`` is refused before the store is read."""
    import getpass

    from app.security import audit
    from loaders.outfile import check_output_file
    from loaders.repository import read_store_dataset
    from loaders.template import SPARE_ROWS, write_template

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"--out {args.out}: the template is an Excel workbook; name it {out.stem}.xlsx")
    rows = SPARE_ROWS if args.rows is None else args.rows
    if not 0 <= rows <= 100_000:
        raise UsageError(f"--rows {rows}: expected 0 to 100000 empty rows per sheet")
    check_output_file(out, create_folders=True)
    with _store() as store:
        dataset = read_store_dataset(store)
    counts = write_template(dataset, out, spare_rows=rows)
    audit("template", str(out), "success", actor=getpass.getuser(), origin="cli")
    _err.print(
        "[bold yellow]The template holds everything, confidential records and personal data included:[/] "
        "keep it as carefully as the store itself (it is readable by you only)."
    )
    _out.print(
        f"Template written to {args.out} ({sum(counts.values())} records, {rows} empty rows per sheet); "
        f"load it back with: dealnet load {args.out}",
        soft_wrap=True,
        markup=False,
    )
    return EXIT_OK


def _cmd_synth(args: argparse.Namespace) -> int:
    from loaders.outfile import check_output_folder
    from loaders.synth import synthesize

    counts = synthesize(args.scale, args.seed, check_output_folder(Path(args.out)))
    _out.print(f"Wrote a {args.scale} dataset to {args.out}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return EXIT_OK


def _serve_settings(host: str) -> SecurityConfig:
    """Every setting the app reads, checked before a store is started: a bad one stops here."""
    from app.security import SecurityConfig, check_bind
    from app.statements import StatementSettings
    from app.theme import ThemeSettings

    config = SecurityConfig.from_env()
    check_bind(host, config)
    ThemeSettings.from_env()
    StatementSettings.from_env()
    return config


def upload(store: Store, dataset: Dataset, replace: bool) -> LoadResult:
    """An admin's upload in the app: as ``dealnet load`` without ``--force``.

    Refused (:class:`loaders.entry_guard.UnexportedEntries`) when it would change or
    remove records entered in the app after the last export; the app has no ``--force``
    (an admin exports first, or loads from the command line).
    """
    from loaders.entry_guard import refuse_unexported
    from loaders.repository import read_store_dataset
    from loaders.writer import write_dataset

    held = read_store_dataset(store) if _app_entries_since_export(store) else None
    if held is not None:
        refuse_unexported(store, held, dataset, replace=replace)
    return write_dataset(store, dataset, source="app upload", replace=replace, held=held)


def _serve_secured(store: Store, host: str, port: int, config: SecurityConfig) -> None:
    """Build the app on ``store``, put the security layer in front of it and serve it.

    Admins may load datasets from the app: through the same writer as ``dealnet load``.
    The store is read ahead while Python builds the app (a second or two at national
    scale), so the warm-up and the first visitor start from data in memory.
    """
    from loaders.repository import StoreSource

    source = StoreSource(store)
    source.read_ahead()

    from app.factory import create_app
    from app.security import install_security
    from app.server import serve
    from app.warmup import start_warming

    app = create_app(source, writer=lambda dataset, replace: upload(store, dataset, replace))
    install_security(app, config)
    start_warming(app)  # the public view's overview and network, in the background (app.warmup)
    mode = "sign-in required" if config.sign_in_configured else "public view, no sign-in"
    _out.print(f"dealnet serves on http://{host}:{port}/ ({mode})")
    serve(app, host, port)


def _cmd_serve(args: argparse.Namespace) -> int:
    """Serve the app; on the embedded store, a store that is restarted or found again if it dies."""
    config = _serve_settings(args.host)
    with _store(keep_alive=True) as store:
        _serve_secured(store, args.host, args.port, config)
    return EXIT_OK


def _cmd_users(args: argparse.Namespace) -> int:
    import getpass

    from app.security import SecurityConfig, add_user, audit, load_users, remove_user

    path = SecurityConfig.from_env().users_file
    assert path is not None
    if args.action == "list":
        for name, user in sorted(load_users(path).items()):
            _out.print(f"{name}\t{user.role}")
        return EXIT_OK
    if not args.name:
        raise UsageError(f"dealnet users {args.action} needs a NAME")
    if args.action == "remove":
        removed = remove_user(path, args.name)
        _out.print(f"{args.name} removed." if removed else f"{args.name} was not a user.")
        audit("user.remove", args.name, "success" if removed else "absent", actor=getpass.getuser(), origin="cli")
        return EXIT_OK
    password = getpass.getpass(f"Password for {args.name} (12 characters or more): ")
    if password != getpass.getpass("Repeat the password: "):
        raise UsageError("the passwords differ")
    add_user(path, args.name, args.role, password)
    audit("user.add", f"{args.name} ({args.role})", "success", actor=getpass.getuser(), origin="cli")
    _out.print(f"{args.name} can sign in as {args.role} (user file {path}).")
    return EXIT_OK


#: What each demo dataset holds, said when it is served.
_DEMO_TEXT: dict[str, str] = {
    "krachtige-kernen": "Town Deal Krachtige Kernen demo: agreement facts plus an illustrative log.",
    "agenda-stad": "Agenda Stad demo: four deals and their parties from public sources, no activity.",
}


def _cmd_demo(args: argparse.Namespace) -> int:
    """The demo runs on an embedded store of its own, so it can never overwrite real data."""
    from loaders.demo import DEMO_DATASETS
    from loaders.embedded import EmbeddedStore
    from loaders.reader import read_dataset
    from loaders.recovery import RecoveringStore
    from loaders.settings import dealnet_home
    from loaders.writer import write_dataset

    config = _serve_settings(args.host)
    home = dealnet_home() / "demo"
    _out.print(f"Starting the demo store in {home} ...")
    embedded = EmbeddedStore(home)
    # A service manager or `kill` stops the demo with SIGTERM: stop its store as on Ctrl+C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        # Kept alive like `dealnet serve`'s store; closed (its watcher stopped) before the store is stopped.
        with RecoveringStore(embedded) as store:
            write_dataset(store, read_dataset(DEMO_DATASETS[args.dataset]), source="demo", replace=True)
            _out.print(_DEMO_TEXT[args.dataset] + " Ctrl+C stops it.")
            # The demo's store is not the user's own: say how other commands reach it meanwhile.
            _out.print(
                f"Other commands use this store with DEALNET_HOME={shlex.quote(str(home))}, "
                f"e.g. DEALNET_HOME={shlex.quote(str(home))} dealnet stats",
                markup=False,
                soft_wrap=True,
            )
            _serve_secured(store, args.host, args.port, config)
    finally:
        embedded.stop()  # the demo's store is its own: nothing else uses it
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dealnet",
        description="Who learns from whom, which themes are under-served, which practices spread.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text)
        sub.set_defaults(handler=handler)
        return sub

    load = command("load", _cmd_load, "Load a dataset (a folder of CSV files or an .xlsx workbook).")
    load.add_argument("path", help="folder of CSV files, or one .xlsx workbook")
    load.add_argument("--replace", action="store_true", help="make the store equal to the dataset")
    load.add_argument(
        "--force", action="store_true", help="load even when it undoes records entered in the app after the last export"
    )

    db = command("db", _cmd_db, "Start, stop or inspect the embedded store.")
    db.add_argument("action", choices=["start", "stop", "status"])

    stats = command("stats", _cmd_stats, "Count nodes per label and relationships per type.")
    stats.add_argument("--json", action="store_true", help="print JSON")

    report = command("report", _cmd_report, "Write the network report.")
    report.add_argument(
        "--format", choices=list(REPORT_SUFFIXES), help="default: told by the --out name (.html ...), else json"
    )
    report.add_argument("--lang", choices=["nl", "en"], default="nl")
    report.add_argument("--scale", default="1-5", help="self-assessment scale LOW-HIGH (default 1-5)")
    report.add_argument("--audience", choices=["public", "internal"], default="public")
    report.add_argument("--from", dest="start", metavar="DATE", help="period start, YYYY-MM-DD")
    report.add_argument("--to", dest="end", metavar="DATE", help="period end, YYYY-MM-DD")
    report.add_argument("--phase", help="a phase of the deal (phases.csv id) instead of --from/--to")
    report.add_argument(
        "--theme", metavar="ID", help="only this theme (a themes.csv id) with its sub-themes, in every format"
    )
    report.add_argument(
        "--deal",
        metavar="ID",
        action="append",
        help="only this deal (a deals.csv id), repeatable for several, in every format",
    )
    report.add_argument("--out", help="file to write, replaced whole or not at all (default: standard output)")
    report.add_argument(
        "--full",
        action="store_true",
        help="HTML/PDF: list every bar, row and name (default: the first 40 bars and 50 rows of each, said beside"
        " them; XLSX and JSON always hold everything)",
    )

    export = command("export", _cmd_export, "Write the whole store back to the interchange format (a backup).")
    export.add_argument("path", help="folder for CSV files, or a .xlsx file with --format xlsx")
    export.add_argument("--format", choices=["csv", "xlsx"], help="default: xlsx for a name ending in .xlsx, else csv")

    template = command(
        "template", _cmd_template,
        "Write an Excel workbook to fill in: the store's data, help per column and drop-down lists.",
    )  # fmt: skip
    template.add_argument("--out", required=True, help="the .xlsx file to write, replaced whole or not at all")
    template.add_argument("--rows", type=int, help="empty rows with drop-down lists per sheet (default 500)")

    synth = command("synth", _cmd_synth, "Generate a synthetic dataset for tests and benchmarks.")
    synth.add_argument("--scale", choices=["tiny", "small", "national"], default="small")
    synth.add_argument("--seed", type=int, default=1)
    synth.add_argument("--out", required=True, help="folder to write the CSV files to")

    users = command("users", _cmd_users, "Manage the local sign-in users (user file in DEALNET_HOME).")
    users.add_argument("action", choices=["add", "remove", "list"])
    users.add_argument("name", nargs="?")
    users.add_argument("--role", choices=["public", "member", "admin"], default="member")

    for name, handler, text in (
        ("serve", _cmd_serve, "Serve the web app on the store."),
        ("demo", _cmd_demo, "Load the Town Deal Krachtige Kernen demo and serve the app."),
    ):
        sub = command(name, handler, text)
        sub.add_argument("--host", default="127.0.0.1")
        sub.add_argument("--port", type=int, default=8050)
        if name == "demo":
            sub.add_argument(
                "--dataset",
                choices=list(_DEMO_TEXT),
                default="krachtige-kernen",
                help="krachtige-kernen (default: one deal, with an illustrative log) or agenda-stad (public facts only)",
            )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one ``dealnet`` command; returns the exit code."""
    from neo4j.exceptions import DriverError, Neo4jError

    args = _parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (DriverError, Neo4jError) as error:
        # A fault of the store during work (connection lost, commit outcome unknown...).
        # A load that was interrupted stays marked unfinished; running it again completes it.
        _err.print(
            f"The graph store failed while working ({type(error).__name__}). "
            "If this was a load, the store still shows the previous data: run the same command again to complete it.",
            style="bold red",
            markup=False,
        )
        return EXIT_STORE
    except DatasetError as error:
        _err.print(f"[bold red]The dataset has {len(error.problems)} problem(s); nothing was written.[/]")
        for problem in error.problems:
            _err.print(f"  - {problem}", markup=False, soft_wrap=True)
        return EXIT_DATA
    except DealnetError as error:
        from loaders.driver import StoreUnavailable
        from loaders.embedded import EmbeddedStoreError
        from graph.errors import ConfigurationError
        from loaders.outfile import OutputError
        from loaders.repository import StoreChanging
        from loaders.writer import StagingFailed

        _err.print(str(error), style="bold red", markup=False, soft_wrap=True)  # one line, however long
        if isinstance(error, (StoreUnavailable, EmbeddedStoreError, StagingFailed, StoreChanging)):
            return EXIT_STORE  # the store failed or kept changing: the data given was not the problem
        # A broken configuration is the user's setting, not their data: wrong usage.
        return EXIT_USAGE if isinstance(error, (UsageError, OutputError, ConfigurationError)) else EXIT_DATA


if __name__ == "__main__":
    raise SystemExit(main())
