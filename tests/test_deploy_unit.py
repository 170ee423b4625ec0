"""The systemd unit of the server recipe (``docs/deploy/dealnet.service``) is one that works.

- ``systemd-analyze verify`` (Debian's systemd) accepts it: every key known, every value
  parsed, the program executable. The unit names the install path of ``docs/deploy.md``
  (``/opt/dealnet``), so it is verified with that path mapped to this virtualenv; its
  warnings go to stderr with exit code 0, so stderr must be empty (a control case with a
  misspelt key shows that it would not be).
- ``ExecStart`` is a ``dealnet serve`` command line the CLI accepts, on 127.0.0.1, and the
  program is the project's console script.
- The settings in the unit fit the rest of the recipe: ``DEALNET_HOME`` is the state
  directory systemd creates, one trusted proxy (the nginx site), the hardening that
  ``docs/deploy.md`` promises, and nothing that breaks the embedded store's JVM.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from app.cli import _parser
from app.security.config import parse_trusted_proxies

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "docs" / "deploy" / "dealnet.service"
GUIDE = ROOT / "docs" / "deploy.md"
INSTALLED = "/opt/dealnet/bin/dealnet"

Unit = dict[str, list[tuple[str, str]]]


def _read_unit(text: str) -> Unit:
    """Section -> (key, value) in order; systemd keys may repeat, so no configparser."""
    unit: Unit = {}
    section: list[tuple[str, str]] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = unit.setdefault(line[1:-1], [])
            continue
        key, sep, value = line.partition("=")
        assert section is not None and sep and not line.endswith("\\"), f"line {number}: {raw!r}"
        section.append((key.strip(), value.strip()))
    return unit


def _values(unit: Unit, section: str, key: str) -> list[str]:
    return [v for k, v in unit.get(section, []) if k == key]


def _one(unit: Unit, section: str, key: str) -> str:
    values = _values(unit, section, key)
    assert len(values) == 1, f"[{section}] {key}: {values}"
    return values[0]


@pytest.fixture(scope="module")
def unit() -> Unit:
    return _read_unit(UNIT.read_text(encoding="utf-8"))


def _dealnet_program() -> Path:
    program = Path(sys.executable).with_name("dealnet")
    assert program.is_file(), f"{program} missing: pip install -e . in this virtualenv"
    return program


def _verify(text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is needed (Debian's systemd package)")
    copy = tmp_path / "dealnet.service"
    copy.write_text(text.replace(INSTALLED, str(_dealnet_program())), encoding="utf-8")
    return subprocess.run([analyze, "verify", str(copy)], capture_output=True, text=True, timeout=60, check=False)


def test_systemd_analyze_verifies_the_unit_without_a_word(tmp_path: Path) -> None:
    text = UNIT.read_text(encoding="utf-8")
    assert INSTALLED in text
    done = _verify(text, tmp_path)
    assert (done.returncode, done.stderr.strip(), done.stdout.strip()) == (0, "", "")


def test_control_case_a_misspelt_key_is_reported(tmp_path: Path) -> None:
    text = UNIT.read_text(encoding="utf-8").replace("ProtectSystem=strict", "ProtectSystm=strict")
    assert "Unknown key" in _verify(text, tmp_path).stderr


def test_exec_start_is_a_serve_command_line_the_cli_accepts(unit: Unit) -> None:
    argv = shlex.split(_one(unit, "Service", "ExecStart"))
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert Path(argv[0]).name in scripts and scripts[Path(argv[0]).name] == "app.cli:main"
    assert argv[0] == INSTALLED, "docs/deploy.md installs into /opt/dealnet"
    args = _parser().parse_args(argv[1:])  # an unknown option or a bad value exits 2 here
    assert (args.command, args.host, args.port) == ("serve", "127.0.0.1", 8050)
    # ... and the installed command says so itself.
    done = subprocess.run([str(_dealnet_program()), "serve", "--help"], capture_output=True, text=True, check=True)
    for option in (a for a in argv[1:] if a.startswith("--")):
        assert option in done.stdout, f"dealnet serve --help does not offer {option}"


def test_the_service_runs_as_its_own_user_with_its_home_as_state_directory(unit: Unit) -> None:
    assert _one(unit, "Service", "User") == "dealnet" == _one(unit, "Service", "Group")
    environment = dict(e.split("=", 1) for e in _values(unit, "Service", "Environment"))
    assert environment["DEALNET_HOME"] == "/var/lib/" + _one(unit, "Service", "StateDirectory")
    assert _one(unit, "Service", "StateDirectoryMode") == "0700"
    assert parse_trusted_proxies(environment["DEALNET_TRUSTED_PROXIES"]) == 1  # the nginx site, one proxy
    assert _one(unit, "Service", "EnvironmentFile") == "/etc/dealnet/dealnet.env"
    assert _one(unit, "Install", "WantedBy") == "multi-user.target"


HARDENING = {
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "PrivateDevices": "yes",
    "CapabilityBoundingSet": "",
    "RestrictSUIDSGID": "yes",
    "UMask": "0077",
}


@pytest.mark.parametrize(("key", "value"), HARDENING.items())
def test_hardening(unit: Unit, key: str, value: str) -> None:
    assert _one(unit, "Service", key) == value


def test_nothing_that_breaks_the_jvm_of_the_embedded_store(unit: Unit) -> None:
    keys = {k for k, _ in unit["Service"]}
    assert "MemoryDenyWriteExecute" not in keys  # Java's JIT writes executable code
    assert "ProcSubset" not in keys  # the JVM reads /proc/meminfo and /proc/cpuinfo


def test_the_guide_names_only_files_that_exist() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for name in ("docs/deploy/dealnet.service", "docs/deploy/nginx-dealnet.conf", "docs/backup.md"):
        assert name in text, f"docs/deploy.md should reference {name}"
        assert (ROOT / name).is_file()
