"""Writing an output file safely: checked before the work, complete or absent after it.

``dealnet report --out FILE`` (and any other command that writes one file) works in
two steps:

1. :func:`check_output_file`, **before any work**: the path must be one a file can be
   written to. Refused, each with a one-line reason: a folder, a symbolic link
   (dangling or not: a planted link must not redirect confidential output), anything
   else that is not a regular file (``/dev/null``, a pipe), a path whose folder does
   not exist or is not a folder, and a folder where no file can be created (tried
   for real, with a probe file that is removed at once: permission bits say
   nothing to root, to read-only file systems or to ``/proc``).
2. :func:`write_file_atomically`, when the content is ready: written to a hidden
   temporary file in the same folder, flushed to disk, then renamed over the target
   (:func:`os.replace`, atomic on POSIX and Windows). A reader, or a crash, sees the
   old file or the new one, never a part.

Permissions: a *private* file (an internal report, anything with confidential data)
is mode 0600 from the moment it exists (``mkstemp``), whatever the umask, also when
it replaces a file that was readable by others. A non-private file gets the mode a
new file normally gets (0666 minus the umask: 0644 under the usual umask 022).

Failures are :class:`OutputError`, whose message names the path and the reason.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from loaders.errors import DealnetError

__all__ = ["PRIVATE_MODE", "OutputError", "check_output_file", "check_output_folder", "write_file_atomically"]

#: Mode of a private file: read and write for its owner only.
PRIVATE_MODE = 0o600


class OutputError(DealnetError):
    """An output file cannot be written where asked (a usage error: choose another path)."""


def check_output_file(path: Path, *, create_folders: bool = False) -> Path:
    """Refuse a path that a file cannot be written to; return it unchanged.

    Parameters
    ----------
    path
        The file to be written.
    create_folders
        When True, folders missing on the way may be created by the writer; the
        nearest existing one must then accept new files.

    Raises
    ------
    OutputError
        With a one-line reason (see the module docstring).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     print(check_output_file(Path(folder) / "rapport.html").name)
    ...     try:
    ...         check_output_file(Path(folder))
    ...     except OutputError as error:
    ...         print(str(error).replace(folder, "FOLDER"))
    rapport.html
    FOLDER is a folder; name a file in it
    """
    path = Path(path)
    try:
        info = path.lstat()
    except (FileNotFoundError, NotADirectoryError):  # the folder check below names the reason
        info = None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {_reason(error)}") from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            target = "a missing file" if not path.exists() else os.readlink(path)
            raise OutputError(f"{path} is a symbolic link (to {target}); name the file itself")
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{path} is a folder; name a file in it")
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(f"{path} is not a regular file")
    _check_folder_accepts_files(path.parent, create_folders=create_folders, wanted=path)
    return path


def check_output_folder(path: Path) -> Path:
    """Refuse a folder that files cannot be written into (missing folders may be created).

    An existing ``path`` must be a folder (a link to one is fine) that accepts new
    files; a missing one must have an existing ancestor folder that does.

    Raises
    ------
    OutputError
        With a one-line reason.
    """
    path = Path(path)
    if path.is_symlink() and not path.exists():
        raise OutputError(f"{path} is a symbolic link to a missing folder")
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path} is a file, not a folder")
    _check_folder_accepts_files(path, create_folders=True, wanted=path)
    return path


def write_file_atomically(path: Path, data: bytes, *, private: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in its folder and a rename.

    Parameters
    ----------
    path
        The target; replaced if it exists (a symbolic link is replaced, not followed).
    data
        The whole content.
    private
        Mode 0600 when True (the default: safe unless asked otherwise); else the
        mode a new file gets under the umask.

    Raises
    ------
    OutputError
        When the folder refuses the file or the disk is full; nothing is left behind.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = Path(folder) / "rapport.json"
    ...     write_file_atomically(target, b"{}")
    ...     oct(target.stat().st_mode & 0o777), target.read_bytes(), sorted(p.name for p in Path(folder).iterdir())
    ('0o600', b'{}', ['rapport.json'])
    """
    path = Path(path)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {_reason(error)}") from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            if not private:
                os.chmod(stream.fileno(), 0o666 & ~_umask())
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"cannot write {path}: {_reason(error)}") from None
        raise
    _sync_folder(folder)


def _check_folder_accepts_files(folder: Path, *, create_folders: bool, wanted: Path) -> None:
    """Raise :class:`OutputError` unless a file can be created in ``folder`` right now."""
    existing = folder
    if create_folders:
        while not existing.exists() and not existing.is_symlink() and existing != existing.parent:
            existing = existing.parent
    if not existing.exists():
        raise OutputError(f"cannot write {wanted}: the folder {existing} does not exist")
    if not existing.is_dir():
        raise OutputError(f"cannot write {wanted}: {existing} is not a folder")
    try:
        handle, name = tempfile.mkstemp(prefix=".dealnet-probe.", dir=existing)
    except OSError as error:
        raise OutputError(f"cannot write {wanted}: no file can be created in {existing} ({_reason(error)})") from None
    os.close(handle)
    Path(name).unlink(missing_ok=True)


def _umask() -> int:
    """The process's umask, read without changing it where the OS allows (Linux /proc)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    current = os.umask(0o077)  # elsewhere: set and restore (a moment's change, harmless at 077)
    os.umask(current)
    return current


def _sync_folder(folder: Path) -> None:
    """Flush the rename to disk (POSIX; a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _reason(error: OSError) -> str:
    """An OS error as a short reason: ``Permission denied``, ``No space left on device``..."""
    return error.strerror or type(error).__name__
