"""Writing outputs whole or not at all.

Each output is written to a temporary file beside it (``.report.html.<pid>-<random>.tmp``)
and renamed into place, so an interrupted run leaves either the old file or the new one,
never part of one. A run stopped by Ctrl-C or SIGTERM removes its temporary files
(:func:`remove_own_temporaries`, called by :mod:`culturekit.interrupts`). A run that is
killed outright (SIGKILL, power cut) cannot remove its temporary file; the next run into
the same folder does (:func:`prepare_folder`).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Collection
from pathlib import Path

from culturekit.errors import OutputError

# culturekit's temporary files: ".<name>.<pid>-<random>.tmp" (older runs: no "<pid>-").
_TEMPORARY = re.compile(r"^\..+\.(?:(?P<pid>[0-9]+)-)?[a-z0-9_]{8}\.tmp$")
# A temporary file untouched for this long is stale whatever wrote it.
STALE_AFTER_SECONDS = 600
# The folders this process writes temporary files into, noted before each file is
# created, so that an interrupt landing between creating a file and learning its name
# still finds it.
_writing_into: set[Path] = set()


def write_atomic(path: str | Path, content: str | bytes) -> Path:
    """Write ``content`` to a temporary file beside ``path``, then rename it into place.

    An interrupted run leaves either the old file or the new one, never part of one.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _writing_into.add(path.parent)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise OutputError(f"{path.parent}: cannot write here ({exc.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write ({exc.strerror})") from None
        raise
    return path


def prepare_folder(folder: str | Path) -> Path:
    """Create the output folder if needed, check it is writable, and remove temporary
    files that killed culturekit runs left in it."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: exists and is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder ({exc.strerror})") from None
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{folder}: the output folder is not writable")
    remove_stale_temporaries(folder)
    return folder


def remove_own_temporaries() -> None:
    """Delete the temporary files this process has left in the folders it writes into."""
    own = str(os.getpid())
    for folder in list(_writing_into):
        with contextlib.suppress(OSError):
            for entry in folder.iterdir():
                found = _TEMPORARY.match(entry.name)
                if found is not None and found.group("pid") == own and not entry.is_symlink():
                    with contextlib.suppress(OSError):
                        entry.unlink()


def remove_stale_temporaries(folder: Path, gone: Collection[int] = ()) -> list[Path]:
    """Delete culturekit's own temporary files in ``folder`` whose writer is gone.

    A file is stale when the process named in it is in ``gone`` (processes known to have
    ended) or no longer running (POSIX), or when nothing has written to it for
    :data:`STALE_AFTER_SECONDS`. Other files are never touched.
    """
    removed = []
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            found = _TEMPORARY.match(entry.name)
            if found is None or not entry.is_file() or entry.is_symlink():
                continue
            pid = found.group("pid")
            try:
                old = now - entry.stat().st_mtime > STALE_AFTER_SECONDS
                ended = pid is not None and (int(pid) in gone or not _running(int(pid)))
                if old or ended:
                    entry.unlink()
                    removed.append(entry)
            except OSError:
                continue
    return removed


def _running(pid: int) -> bool:
    """Whether process ``pid`` may still be running; True when that cannot be known."""
    if pid == os.getpid() or os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
