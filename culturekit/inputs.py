"""Opening an input file: a regular file only, read-only, without ever waiting.

A named pipe (FIFO) with no writer makes ``open()`` wait for ever, and a device or a folder
is no workbook, so every input is opened without blocking and checked to be a regular
file before a byte is read. The handle returned is the only one a reading uses: what was
checked is what is read, even if the path is replaced meanwhile.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from culturekit.errors import CulturekitError, InputFileError


def open_input(
    path: Path, what: str = "file", error: type[CulturekitError] = InputFileError
) -> BinaryIO:
    """``path`` opened read-only for binary reading, or ``error`` saying why it cannot be.

    ``what`` names what the file should be ("workbook", "framework file"), in the errors.

    A missing or unreadable file raises ``error``; a folder, a named pipe, a device or a
    socket raise :class:`InputFileError` (exit 3) whatever ``error`` is, since no input is
    any of them.
    """
    missing = f"{path}: {'file' if what == 'workbook' else what} not found"
    if not os.path.lexists(path):
        raise error(missing)
    if path.is_dir():
        raise InputFileError(f"{path}: is a folder, not a {what}")
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise error(missing) from None
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputFileError(
                f"{path}: is {_kind(mode)}, not a {what}; it was not read",
                hint=f"Give culturekit the {what} itself.",
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
