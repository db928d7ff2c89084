"""One exception hierarchy for every expected failure.

Each error carries a message a trust analyst understands and, where it has one, the place
in the input it concerns. The CLI maps each class to a documented exit code; nothing else
is caught broadly.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where it is."""

    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    expected: str | None = None
    # The argument of ``culturekit.load`` that would supply what is missing ("trust" or
    # "sources"), so a caller can point at its own way of giving it (a command-line
    # option, a form field) without the library naming any of them.
    remedy: str | None = None

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = self.message
        if self.value is not None:
            text += f": found {self.value!r}"
        if self.expected:
            text += f", expected {self.expected}"
        where = self.location()
        return f"{where}: {text}" if where else text


class CulturekitError(Exception):
    """Base of every error culturekit raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None, remedy: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        # The argument that would change the outcome ("allow_different_trusts",
        # "framework", ...), so a caller can name its own way of giving it.
        self.remedy = remedy

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled whole whatever a subclass's __init__ takes, so that an error raised in a
        # worker process is raised in the command as it was.
        return (_restored, (type(self), self.args, self.__dict__))


def _restored(
    kind: type[CulturekitError], args: tuple[object, ...], state: dict[str, object]
) -> CulturekitError:
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


class InputFileError(CulturekitError):
    """A file cannot be opened or read as what it claims to be."""

    exit_code = 3


class ValidationError(CulturekitError):
    """The input was read but its content breaks the input contract.

    Holds every problem found, not only the first.
    """

    exit_code = 4
    max_listed = 200

    def __init__(self, problems: list[Problem], *, summary: str | None = None) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = summary or f"the input has {count} problem{'s' if count != 1 else ''}"
        lines = [str(p) for p in self.problems[: self.max_listed]]
        if count > self.max_listed:
            lines.append(f"... and {count - self.max_listed} more")
        super().__init__(head + ":\n  " + "\n  ".join(lines))


class FrameworkError(CulturekitError):
    """The framework file is missing, malformed or inconsistent."""

    exit_code = 5


class ComparisonError(CulturekitError):
    """Two collections cannot be compared (other trust, same period, other elements)."""

    exit_code = 6


class OutputError(CulturekitError):
    """An output cannot be written (folder not writable, missing PDF support)."""

    exit_code = 7


class ExistingFileError(OutputError):
    """The file to write already exists and replacing it was not asked for."""

    def __init__(self, path: object) -> None:
        super().__init__(f"{path}: already exists and was left as it is")
        self.path = path


def refuse_existing(path: object, overwrite: bool) -> None:
    """Raise :class:`ExistingFileError` unless ``path`` is free or may be replaced."""
    from pathlib import Path

    if not overwrite and Path(str(path)).exists():
        raise ExistingFileError(path)


class BatchError(CulturekitError):
    """A batch run finished but one or more trusts failed."""

    exit_code = 8


class ClusterError(CulturekitError):
    """A batch cannot run on the cluster it was given: dask.distributed is not installed,
    its scheduler cannot be reached, or the cluster stopped answering."""

    exit_code = 9


EXIT_CODES: dict[int, str] = {
    0: "success",
    1: "unexpected culturekit error",
    2: "command-line usage error (unknown option, missing argument)",
    InputFileError.exit_code: "an input file cannot be read (missing, not a workbook, corrupt, "
    "protected, too large)",
    ValidationError.exit_code: "the input breaks the input contract (every problem is listed)",
    FrameworkError.exit_code: "the framework file is invalid",
    ComparisonError.exit_code: "the two collections cannot be compared",
    OutputError.exit_code: "an output cannot be written",
    BatchError.exit_code: "a batch run finished with one or more failed trusts",
    ClusterError.exit_code: "a batch cannot run on its Dask cluster (dask.distributed not "
    "installed, the scheduler cannot be reached, or the cluster stopped answering)",
    130: "interrupted (Ctrl-C); no partial output is left behind",
    143: "stopped by SIGTERM, as by Ctrl-C; no partial output is left behind",
}
