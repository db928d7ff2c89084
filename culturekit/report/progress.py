"""A batch's progress on standard error: trusts done, failed and up to date, time left.

On a terminal it is one line, redrawn as each trust finishes (a bar, the counts and the
time left); elsewhere (a log, a pipe) one plain line per trust, so that nothing but
whole lines is written to a file.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

from culturekit.report.presentation.safe_text import terminal_text

BAR_WIDTH = 24
_STAGES = {"diagnosis": "Diagnosing", "comparison": "Comparing", "trend": "Following"}


def duration(seconds: float) -> str:
    """A time left in words, as precise as such a guess deserves."""
    if seconds < 60:
        return f"{max(1, round(seconds))} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


class BatchProgress:
    """Called with each of a batch's events (:class:`culturekit.batch.BatchEvent`)."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        interactive: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.clock = clock
        self._stage: str | None = None
        self._start = clock()
        self._failed = 0
        self._skipped = 0

    def __call__(self, event: Any) -> None:
        stage = getattr(event, "stage", "diagnosis")
        if stage != self._stage or event.done == 1:
            self._stage, self._start, self._failed, self._skipped = stage, self.clock(), 0, 0
        self._failed += not event.ok
        self._skipped += bool(getattr(event, "skipped", False))
        counts = self.counts(event)
        if self.interactive:
            filled = round(BAR_WIDTH * event.done / max(event.total, 1))
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            line = f"{_STAGES.get(stage, stage)} [{bar}] {counts}"
            self._write(f"\r{terminal_text(line)}\x1b[K")
            if event.done >= event.total:
                self._write("\n")
        else:
            status = "ok" if event.ok else "FAILED"
            name = getattr(event.path, "name", str(event.path))
            line = f"[{event.done}/{event.total}] {name}: {status} ({event.message}); {counts}"
            self._write(terminal_text(line) + "\n")

    def counts(self, event: Any) -> str:
        """``12/24 done, 1 failed, 3 up to date, about 40 s left``."""
        parts = [f"{event.done}/{event.total} done"]
        if self._failed:
            parts.append(f"{self._failed} failed")
        if self._skipped:
            parts.append(f"{self._skipped} up to date")
        left = self.time_left(event)
        if left is not None:
            parts.append(f"about {duration(left)} left")
        return ", ".join(parts)

    def time_left(self, event: Any) -> float | None:
        """The remaining trusts at the pace of those built so far; None until one is.

        An up-to-date trust takes no time, nor does most of failing (a missing file fails
        before any work), so neither says anything of the pace."""
        built = event.done - self._skipped - self._failed
        remaining = event.total - event.done
        if built <= 0 or remaining <= 0:
            return None
        return (self.clock() - self._start) / built * remaining

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()
