"""Writing outputs whole or not at all, and never over an input.

Each output is written to a temporary file beside it (``.report.html.<pid>-<random>.tmp``)
and renamed into place, so an interrupted run leaves either the old file or the new one,
never part of one. A run stopped by Ctrl-C or SIGTERM removes its temporary files
(:func:`remove_own_temporaries`, called by :mod:`culturekit.interrupts`). A run that is
killed outright (SIGKILL, power cut) cannot remove its temporary file; the next run into
the same folder does (:func:`prepare_folder`).

Before anything is written, the outputs are checked against the run's inputs
(:func:`refuse_overwriting_inputs`): an output that is an input under any name (the same
path, a symbolic link to it, a hard link) or lies inside a folder the run reads (its
templates) is refused, and nothing is written.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Collection, Iterable, Mapping
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

Identity = tuple[int, int]
"""A file's device and inode: the same for every name of the file."""


def identities(paths: Iterable[str | Path | None]) -> dict[Identity, Path]:
    """The files among ``paths`` that exist, by identity (a name that cannot be looked up
    is left out: nothing can be written over it)."""
    found: dict[Identity, Path] = {}
    for path in paths:
        if path is None:
            continue
        try:
            status = os.stat(path)
        except (OSError, ValueError):
            continue
        found.setdefault((status.st_dev, status.st_ino), Path(path))
    return found


def refuse_overwriting_inputs(
    targets: Iterable[str | Path],
    inputs: Iterable[str | Path | None] | Mapping[Identity, Path],
    templates: str | Path | None = None,
    *,
    remedy: str = "choose another output folder",
) -> None:
    """Raise :class:`OutputError` if writing any of ``targets`` would replace an input.

    ``inputs`` are the files the run reads (or their :func:`identities`); nothing is
    written into its ``templates`` folder either, where a report would become a template
    of the next run.
    """
    read = inputs if isinstance(inputs, Mapping) else identities(inputs)
    folder = Path(os.path.realpath(templates)) if templates is not None else None
    for target in map(Path, targets):
        try:
            status = os.stat(target)
        except (OSError, ValueError):
            status = None
        if status is not None and (status.st_dev, status.st_ino) in read:
            source = read[(status.st_dev, status.st_ino)]
            same = "" if source == target else f" (the same file as {source})"
            raise OutputError(
                f"{target}: is an input of this run{same}; culturekit never writes over "
                f"its input, so nothing was written: {remedy}"
            )
        if folder is not None and Path(os.path.realpath(target)).is_relative_to(folder):
            raise OutputError(
                f"{target}: is inside the templates folder {templates}, which this run "
                "reads; nothing was written: choose an output folder outside it"
            )


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
