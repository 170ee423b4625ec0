"""Safe output files (loaders/outfile.py): refused before the work, whole or absent after it."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from loaders.errors import DealnetError
from loaders.outfile import OutputError, check_output_file, check_output_folder, write_file_atomically


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _a_folder(tmp: Path) -> tuple[Path, str]:
    (tmp / "rapport.html").mkdir()
    return tmp / "rapport.html", "is a folder"


def _a_dangling_link(tmp: Path) -> tuple[Path, str]:
    (tmp / "rapport.html").symlink_to(tmp / "nowhere.html")
    return tmp / "rapport.html", "symbolic link (to a missing file)"


def _a_link_to_a_file(tmp: Path) -> tuple[Path, str]:
    (tmp / "elsewhere.html").write_text("old")
    (tmp / "rapport.html").symlink_to(tmp / "elsewhere.html")
    return tmp / "rapport.html", "symbolic link"


def _a_missing_folder(tmp: Path) -> tuple[Path, str]:
    return tmp / "missing" / "rapport.html", "does not exist"


def _under_a_file(tmp: Path) -> tuple[Path, str]:
    (tmp / "file.txt").write_text("x")
    return tmp / "file.txt" / "rapport.html", "is not a folder"


def _a_device(_: Path) -> tuple[Path, str]:
    return Path("/dev/null"), "not a regular file"


def _unwritable(_: Path) -> tuple[Path, str]:
    # As root every permission bit is ignored; /proc refuses new files to anyone.
    return Path("/proc/rapport.html"), "no file can be created in /proc"


BAD_TARGETS: dict[str, Callable[[Path], tuple[Path, str]]] = {
    "folder": _a_folder,
    "dangling link": _a_dangling_link,
    "link to a file": _a_link_to_a_file,
    "missing folder": _a_missing_folder,
    "under a regular file": _under_a_file,
    "device": _a_device,
    "unwritable folder": _unwritable,
}


@pytest.mark.parametrize("make", BAD_TARGETS.values(), ids=BAD_TARGETS.keys())
def test_bad_targets_are_refused_with_one_line_naming_the_path(
    tmp_path: Path, make: Callable[[Path], tuple[Path, str]]
) -> None:
    target, reason = make(tmp_path)
    before = _names(tmp_path)
    with pytest.raises(OutputError) as raised:
        check_output_file(target)
    message = str(raised.value)
    assert reason in message and str(target) in message and "\n" not in message
    assert isinstance(raised.value, DealnetError)
    assert _names(tmp_path) == before  # the probe left nothing


def test_good_targets_pass_and_the_probe_leaves_nothing(tmp_path: Path) -> None:
    assert check_output_file(tmp_path / "nieuw.html") == tmp_path / "nieuw.html"
    (tmp_path / "bestaand.html").write_text("old")
    assert check_output_file(tmp_path / "bestaand.html") == tmp_path / "bestaand.html"
    assert check_output_file(tmp_path / "a" / "b" / "c.xlsx", create_folders=True).name == "c.xlsx"
    assert _names(tmp_path) == ["bestaand.html"]


def test_folders_for_many_files(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "gone")
    assert check_output_folder(tmp_path / "new" / "deeper") == tmp_path / "new" / "deeper"
    assert check_output_folder(tmp_path) == tmp_path
    for bad, reason in (
        (tmp_path / "file.txt", "is a file"),
        (tmp_path / "file.txt" / "sub", "is not a folder"),
        (tmp_path / "link", "missing folder"),
        (Path("/proc/dealnet-export"), "no file can be created"),
    ):
        with pytest.raises(OutputError, match=reason):
            check_output_folder(bad)
    assert not (tmp_path / "new").exists()


def test_private_file_is_0600_even_over_a_readable_one(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "intern.html"
    target.write_text("old")
    target.chmod(0o644)
    write_file_atomically(target, b"<html>geheim</html>", private=True)
    assert _mode(target) == 0o600
    assert target.read_bytes() == b"<html>geheim</html>"
    assert _names(tmp_path) == ["intern.html"]


def test_shared_file_gets_the_umask_mode(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "openbaar.html"
    write_file_atomically(target, b"<html/>", private=False)
    assert _mode(target) == 0o644
    os.umask(0o077)
    write_file_atomically(target, b"<html/>", private=False)
    assert _mode(target) == 0o600


def test_the_file_is_replaced_whole_not_rewritten(tmp_path: Path) -> None:
    """A reader of the old file keeps reading the old content: the new one is a new file renamed over it."""
    target = tmp_path / "rapport.json"
    target.write_bytes(b"old " * 1000)
    with target.open("rb") as reader:
        write_file_atomically(target, b"new")
        assert reader.read() == b"old " * 1000
    assert target.read_bytes() == b"new"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "rapport.json"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_file_atomically(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert _names(tmp_path) == ["rapport.json"]


def test_an_unwritable_folder_at_write_time_is_an_output_error() -> None:
    with pytest.raises(OutputError, match="cannot write /proc/rapport.json"):
        write_file_atomically(Path("/proc/rapport.json"), b"{}")
