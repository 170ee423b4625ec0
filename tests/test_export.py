"""Export (loaders.export) and the backup recipes of docs/backup.md, run as written.

Fast tier: what the files look like (columns, cell types, no formulas, determinism)
and file -> dataset -> file round trips. Store tier: load -> export -> load gives the
identical graph (canonical dump) for CSV and XLSX, for the demo and a synthetic
dataset; and every command block of docs/backup.md run through ``app.cli.main``
(shell lines through bash), on the session store and on an embedded store of its own.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from graph.model import ENTITY_FILES, ENTITY_MODELS, Dataset, Theme
from loaders.demo import DEMO_DATASET
from loaders.driver import Store, connect
from loaders.embedded import EmbeddedStore
from loaders.export import EXPORT_COLUMNS, ExportError, export_dataset
from loaders.reader import read_dataset
from loaders.repository import canonical_dump, read_store_dataset
from loaders.settings import ENV_CONFIG, ENV_DATABASE, ENV_HOME, ENV_PASSWORD, ENV_URI, ENV_USER, StoreSettings
from loaders.synth import synthesize
from loaders.writer import write_dataset
from tests.storetools import wipe
from tests.datasets import write_small_dataset

DOC = Path(__file__).resolve().parents[1] / "docs" / "backup.md"
HOSTILE = ("=1+1", "+31 6 1234 5678", "-2", "@SUM(A1:A2)", '=HYPERLINK("http://x")', 'a, "b"\nc; d')


# -- helpers -----------------------------------------------------------------------------


@pytest.fixture
def cli_env(store_settings: StoreSettings, monkeypatch: pytest.MonkeyPatch) -> StoreSettings:
    """Point ``dealnet`` (app.cli.main) at the session store through the environment."""
    monkeypatch.setenv(ENV_URI, store_settings.uri)
    monkeypatch.setenv(ENV_USER, store_settings.user)
    monkeypatch.setenv(ENV_PASSWORD, store_settings.password)
    if store_settings.database:
        monkeypatch.setenv(ENV_DATABASE, store_settings.database)
    else:
        monkeypatch.delenv(ENV_DATABASE, raising=False)
    return store_settings


def hostile(dataset: Dataset) -> Dataset:
    """The dataset plus themes whose texts look like formulas, numbers and CSV syntax."""
    extra = tuple(Theme(id=f"hostile-{n}", name=text, description=text) for n, text in enumerate(HOSTILE))
    return dataset.model_copy(update={"themes": (*dataset.themes, *extra)})


def recipe_blocks() -> list[list[str]]:
    """The ```console blocks of docs/backup.md, each a list of command lines, in order."""
    blocks = re.findall(r"```console\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    return [[line.strip() for line in block.splitlines() if line.strip()] for block in blocks]


def run_recipe(lines: list[str]) -> None:
    """Run recipe lines as written: ``dealnet ...`` through app.cli.main, the rest in bash."""
    for line in lines:
        if line.startswith("dealnet "):
            code = main(shlex.split(os.path.expandvars(line))[1:])
            assert code == 0, line
        else:
            subprocess.run(["bash", "-c", line], check=True, env=dict(os.environ))


# -- fast tier: the files ----------------------------------------------------------------


def test_columns_follow_the_contract_and_the_model() -> None:
    for file in ENTITY_FILES:
        columns = EXPORT_COLUMNS[file]
        assert sorted(columns) == sorted(ENTITY_MODELS[file].model_fields), file
        assert columns[-1] == "illustrative"
        demo_header = (DEMO_DATASET / f"{file}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        assert [c for c in columns if c in demo_header] == demo_header, file  # same relative order
    assert EXPORT_COLUMNS["participations"][:3] == ("activity_id", "person_id", "party_id")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_files_round_trip_the_demo_with_hostile_texts(tmp_path: Path, fmt: str) -> None:
    dataset = hostile(read_dataset(DEMO_DATASET))
    out = tmp_path / ("export" if fmt == "csv" else "export.xlsx")
    counts = export_dataset(dataset, out, fmt=fmt)  # type: ignore[arg-type]
    assert counts == dataset.counts()
    assert read_dataset(out).canonical() == dataset.canonical()


def test_files_round_trip_the_test_dataset(tmp_path: Path) -> None:
    dataset = read_dataset(write_small_dataset(tmp_path / "in"))
    export_dataset(dataset, tmp_path / "out")
    assert {p.name for p in (tmp_path / "out").iterdir()} == {f"{f}.csv" for f in ENTITY_FILES}
    assert read_dataset(tmp_path / "out").canonical() == dataset.canonical()


def test_csv_cells_are_written_as_the_contract_says(tmp_path: Path) -> None:
    dataset = read_dataset(write_small_dataset(tmp_path / "in"))
    export_dataset(dataset, tmp_path / "out")
    raw = (tmp_path / "out" / "parties.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    text = raw.decode("utf-8")
    assert text.splitlines()[0] == ",".join(EXPORT_COLUMNS["parties"])
    assert all(line.endswith(("true", "false")) for line in text.splitlines()[1:])
    phases = (tmp_path / "out" / "phases.csv").read_text(encoding="utf-8").splitlines()
    assert re.search(r",\d{4}-\d{2}-\d{2},\d{4}-\d{2}-\d{2},", phases[1])
    multi = [p for p in dataset.parties if len(p.deal_ids) > 1] or [p for p in dataset.parties if p.deal_ids]
    assert multi, "the test dataset has a party in a deal"
    assert f'"{", ".join(sorted(multi[0].deal_ids))}"' in text or f",{multi[0].deal_ids[0]}," in text


def test_csv_export_is_deterministic(tmp_path: Path) -> None:
    dataset = read_dataset(DEMO_DATASET)
    shuffled = dataset.model_copy(update={name: tuple(reversed(getattr(dataset, name))) for name in ENTITY_FILES})
    export_dataset(dataset, tmp_path / "a")
    export_dataset(shuffled, tmp_path / "b")
    for file in ENTITY_FILES:
        assert (tmp_path / "a" / f"{file}.csv").read_bytes() == (tmp_path / "b" / f"{file}.csv").read_bytes()
    assert not [p for p in (tmp_path / "a").iterdir() if p.name.startswith(".")], "no temporary file left"


def test_workbook_has_no_formula_and_typed_cells(tmp_path: Path) -> None:
    dataset = hostile(read_dataset(DEMO_DATASET))
    out = tmp_path / "export.xlsx"
    export_dataset(dataset, out, fmt="xlsx")
    book = openpyxl.load_workbook(out)  # not data_only: a formula would show as one
    assert book.sheetnames == list(ENTITY_FILES)
    kinds: dict[str, set[str]] = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
                kinds.setdefault(f"{sheet.title}.{sheet.cell(1, cell.column).value}", set()).add(
                    type(cell.value).__name__
                )
    assert kinds["parties.lat"] <= {"float", "NoneType"} and "float" in kinds["parties.lat"]
    assert kinds["questions.priority"] <= {"int", "NoneType"}
    assert kinds["activities.date"] == {"datetime"}
    assert kinds["parties.confidential"] == {"bool"}
    assert kinds["parties.cbs_code"] <= {"str", "NoneType"}  # codes like GM0184 stay text
    themes = book["themes"]
    names = {themes.cell(r, 2).value for r in range(2, themes.max_row + 1)}
    assert set(HOSTILE) <= names
    assert isinstance(book["deals"].cell(2, 4).value, dt.datetime)


def test_refuses_targets_that_would_not_load(tmp_path: Path) -> None:
    dataset = read_dataset(DEMO_DATASET)
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "old.xlsx").write_bytes(b"")
    with pytest.raises(ExportError, match="old.xlsx"):
        export_dataset(dataset, mixed)
    with pytest.raises(ExportError, match=r"\.xlsx"):
        export_dataset(dataset, tmp_path / "book.csv", fmt="xlsx")
    with pytest.raises(ExportError, match="is a file"):
        export_dataset(dataset, mixed / "old.xlsx")


# -- store tier: load -> export -> load --------------------------------------------------


def _source(name: str, folder: Path) -> Path:
    if name == "demo":
        return DEMO_DATASET
    synthesize("small", 1, folder)
    return folder


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", ["demo", "synth-small"])
def test_load_export_load_gives_the_identical_graph(empty_store: Store, tmp_path: Path, name: str, fmt: str) -> None:
    write_dataset(empty_store, read_dataset(_source(name, tmp_path / "source")))
    before = canonical_dump(empty_store)
    out = tmp_path / ("export" if fmt == "csv" else "export.xlsx")
    export_dataset(read_store_dataset(empty_store), out, fmt=fmt)  # type: ignore[arg-type]
    wipe(empty_store)
    assert canonical_dump(empty_store) != before
    write_dataset(empty_store, read_dataset(out))
    assert canonical_dump(empty_store) == before


# -- the recipes of docs/backup.md, as written -------------------------------------------


def test_the_doc_has_the_recipes_this_file_runs() -> None:
    blocks = recipe_blocks()
    assert len(blocks) == 5
    assert blocks[0][0].startswith("dealnet export") and "--replace" in blocks[1][0]
    assert blocks[3][0] == "dealnet db stop" and blocks[4][-2] == "dealnet db start"


@pytest.mark.parametrize("target", ["empty store", "store with other data"])
def test_export_recipe_restores_the_store(
    empty_store: Store, cli_env: StoreSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], target: str,
) -> None:  # fmt: skip
    monkeypatch.setenv("BACKUP", str(tmp_path))
    blocks = recipe_blocks()
    assert main(["load", str(DEMO_DATASET)]) == 0
    before = canonical_dump(empty_store)
    run_recipe(blocks[0])
    assert "confidential" in capsys.readouterr().err  # the CLI warns what an export holds
    wipe(empty_store)
    if target == "store with other data":
        synthesize("tiny", 7, tmp_path / "other")
        assert main(["load", str(tmp_path / "other")]) == 0
    run_recipe(blocks[1])
    assert canonical_dump(empty_store) == before


def test_workbook_recipe_restores_the_store(
    empty_store: Store, cli_env: StoreSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKUP", str(tmp_path))
    write_dataset(empty_store, hostile(read_dataset(DEMO_DATASET)))
    before = canonical_dump(empty_store)
    export_line, load_line = recipe_blocks()[2]
    run_recipe([export_line])
    synthesize("tiny", 7, tmp_path / "other")
    assert main(["load", str(tmp_path / "other")]) == 0
    assert canonical_dump(empty_store) != before
    run_recipe([load_line])
    assert canonical_dump(empty_store) == before


@pytest.mark.store
def test_embedded_store_copy_recipe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Recipe 2 on an embedded store of its own (a second small server for this test)."""
    for name in (ENV_URI, ENV_USER, ENV_PASSWORD, ENV_DATABASE, ENV_CONFIG):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv(ENV_HOME, str(home))
    monkeypatch.setenv("DEALNET_STORE_HEAP", "256m")
    monkeypatch.setenv("BACKUP", str(tmp_path / "backup"))
    (tmp_path / "backup").mkdir()
    backup, restore = recipe_blocks()[3:5]
    embedded = EmbeddedStore(home)

    def dump() -> str:
        with connect(embedded.start()) as store:
            return canonical_dump(store)

    try:
        assert main(["db", "start"]) == 0
        assert main(["load", str(DEMO_DATASET)]) == 0
        before = dump()
        run_recipe(backup)
        assert embedded.status().running
        synthesize("tiny", 7, tmp_path / "other")
        assert main(["load", str(tmp_path / "other"), "--replace"]) == 0
        assert dump() != before
        run_recipe(restore)
        assert embedded.status().running
        assert dump() == before
    finally:
        embedded.stop()
