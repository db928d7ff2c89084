"""What culturekit promises for any input, however hostile, and the known ways it fails.

The promises (docs/bad-inputs.md, ``culturekit --help``): no traceback; an exit code from
the documented set; a refusal is ``Error: ...`` on standard error; inputs are never
changed; a run writes all of its outputs or none (and never leaves a temporary file);
nothing from the input reaches the terminal as a control character; the process ends in
bounded time and memory.

Issue 13 lists failures being fixed, and this harness found more; :data:`FINDINGS`
recognises each by what the command did *and* what the input held, so that only that
failure of that kind of input is expected (a test marks it xfail), and anything else
still fails.
"""

from __future__ import annotations

import hashlib
import json
import re
import signal
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from fuzz import mutant
from fuzz.sandbox import Outcome

# Exit codes as documented (docs/bad-inputs.md, culturekit --help): 0 success, 3 an input
# cannot be read, 4 it breaks the input format, 5 the framework is invalid, 7 an output
# cannot be written; compare adds 6 (the collections cannot be compared), batch adds 8
# (some trusts failed).
DOCUMENTED = frozenset({0, 3, 4, 5, 7})
ALLOWED = {
    "validate": DOCUMENTED,
    "diagnose": DOCUMENTED,
    "compare": DOCUMENTED | {6},
    "batch": DOCUMENTED | {8},
}
# C0 controls but newline and tab, DEL and the C1 controls: a terminal acts on them.
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TEMPORARY = re.compile(r"(^\..*\.tmp$)|(\.tmp$)|(~$)|(^~\$)")


@dataclass(frozen=True)
class Violation:
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(paths: Iterable[Path]) -> dict[Path, str]:
    """Each input's hash, and each of their folders' listing, to compare after a run."""
    state = {}
    for path in paths:
        state[path] = sha256(path) if path.is_file() else "(missing)"
        folder = path.parent
        state[folder] = "\n".join(sorted(p.name for p in folder.iterdir()))
    return state


def command_violations(outcome: Outcome, command: str) -> list[Violation]:
    """The promises about the process and what it printed."""
    found = []
    if outcome.timed_out:
        found.append(Violation("hang", f"still running after {outcome.seconds:.0f} s"))
    if outcome.signal is not None:
        name = signal.Signals(outcome.signal).name
        found.append(Violation("crash", f"killed by signal {outcome.signal} ({name})"))
    if outcome.exception:
        found.append(Violation("exception", outcome.exception))
    text = outcome.text
    if "Traceback (most recent call last)" in text or "Exception ignored" in text:
        found.append(Violation("traceback", "a traceback was printed"))
    if outcome.exit_code is not None and outcome.exit_code not in ALLOWED[command]:
        found.append(Violation("exit code", f"{outcome.exit_code} is not documented"))
    refused = command != "batch" and outcome.exit_code not in (None, 0)
    if refused and not outcome.stderr.startswith("Error: "):
        found.append(
            Violation("error line", f"stderr does not start 'Error: ': {outcome.stderr[:200]!r}")
        )
    if command != "batch" and outcome.exit_code == 0 and outcome.stderr.strip():
        found.append(Violation("stderr", f"a success printed {outcome.stderr[:200]!r}"))
    if outcome.raw.strip() and outcome.signal is None and not outcome.timed_out:
        found.append(Violation("stray output", f"printed past Python: {outcome.raw[:200]!r}"))
    control = TERMINAL_CONTROL.search(outcome.stdout + outcome.stderr)
    if control is not None:
        found.append(Violation("terminal control", f"{control.group()!r} reached the terminal"))
    return found


def refusal_violations(outcome: Outcome, command: str, tags: frozenset[str]) -> list[Violation]:
    """A reference past the xlsx limits is refused as unreadable (issue 13)."""
    if mutant.BEYOND not in tags or command == "batch" or outcome.exit_code in (None, 3):
        return []
    code = outcome.exit_code
    return [Violation("not refused", f"a reference past the xlsx limits gave exit {code}, not 3")]


def input_violations(before: dict[Path, str], after: dict[Path, str]) -> list[Violation]:
    changed = [str(p) for p in before if before[p] != after.get(p)]
    return [Violation("input changed", ", ".join(changed))] if changed else []


def output_violations(outcome: Outcome, out: Path, expected: set[str]) -> list[Violation]:
    """All of a run's outputs or none, and whole files."""
    written = {p.name for p in out.iterdir()} if out.is_dir() else set()
    if outcome.exit_code != 0:
        code = outcome.exit_code
        return (
            [Violation("partial outputs", f"exit {code} left {sorted(written)}")] if written else []
        )
    found = []
    if written != expected:
        found.append(Violation("outputs", f"wrote {sorted(written)}, not {sorted(expected)}"))
    return found + _broken_files(out)


def batch_violations(out: Path, expected: set[str]) -> list[Violation]:
    """Each trust's folder holds all of its outputs or nothing."""
    found: list[Violation] = []
    if not out.is_dir():
        return found
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and p.name != "network"):
        written = {p.name for p in folder.iterdir()}
        if written and not expected <= written:
            found.append(Violation("partial outputs", f"{folder.name}/ holds {sorted(written)}"))
        found += _broken_files(folder)
    return found


def leftover_violations(scratch: Path) -> list[Violation]:
    """No temporary file anywhere: beside the inputs, in the outputs."""
    leftovers = [p for p in scratch.rglob("*") if p.is_file() and _TEMPORARY.search(p.name)]
    return [Violation("temporary files", ", ".join(map(str, leftovers)))] if leftovers else []


def _broken_files(folder: Path) -> list[Violation]:
    found = []
    for path in folder.iterdir():
        try:
            if path.suffix == ".json":
                json.loads(path.read_text(encoding="utf-8"))
            elif path.suffix == ".xlsx":
                with zipfile.ZipFile(path) as archive:
                    bad = archive.testzip()
                    if bad is not None:
                        raise ValueError(f"damaged part {bad}")
            elif path.suffix == ".html" and "</html>" not in path.read_text(encoding="utf-8"):
                raise ValueError("no </html>")
        except (ValueError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
            found.append(Violation("broken output", f"{path.name}: {exc}"))
    return found


# --------------------------------------------------------------------------- known failures


@dataclass(frozen=True)
class Finding:
    """A known failure (one issue 13 reports, or one this harness found since), recognised
    by what happened and what the input held."""

    key: str
    reason: str
    explains: Callable[[Violation, Outcome, frozenset[str]], bool]


def _aborts(v: Violation, o: Outcome, tags: frozenset[str]) -> bool:
    if mutant.REACH not in tags:
        return False
    if v.kind == "crash":
        return o.signal == signal.SIGABRT or "memory allocation of" in o.raw
    if v.kind in ("exception", "traceback"):
        return "MemoryError" in (o.exception or "") + o.traceback
    return v.kind == "hang" or (v.kind == "stray output" and "memory allocation of" in o.raw)


def _excel_control(v: Violation, o: Outcome, tags: frozenset[str]) -> bool:
    text = (o.exception or "") + o.traceback + o.stderr
    return (
        mutant.CONTROL in tags
        and v.kind in ("exception", "traceback", "exit code", "error line", "partial outputs")
        and "IllegalCharacterError" in text
    )


def _terminal_control(v: Violation, o: Outcome, tags: frozenset[str]) -> bool:
    return mutant.CONTROL in tags and v.kind == "terminal control"


def _mathtext(v: Violation, o: Outcome, tags: frozenset[str]) -> bool:
    text = (o.exception or "") + o.traceback + o.stderr
    return (
        mutant.MATHTEXT in tags
        and v.kind in ("exception", "traceback", "exit code", "error line", "partial outputs")
        and ("mathtext" in text or "ParseFatalException" in text or "ParseException" in text)
    )


def _beyond_limits(v: Violation, o: Outcome, tags: frozenset[str]) -> bool:
    return mutant.BEYOND in tags and v.kind == "not refused"


def _shared_strings_count(v: Violation, o: Outcome, tags: frozenset[str]) -> bool:
    return (
        mutant.SIZES in tags
        and v.kind in ("crash", "stray output")
        and (o.signal == signal.SIGABRT or "memory allocation of" in o.raw)
    )


def _zip_method(v: Violation, o: Outcome, tags: frozenset[str]) -> bool:
    escaped = o.exception or ""
    return (
        mutant.CONTAINER in tags
        and v.kind in ("exception", "traceback", "exit code", "error line")
        and (
            escaped.startswith("builtins.NotImplementedError")
            or (escaped.startswith("builtins.RuntimeError") and "encrypted" in escaped)
        )
    )


def _blank_trust_field(v: Violation, o: Outcome, tags: frozenset[str]) -> bool:
    return (
        v.kind in ("exception", "traceback", "exit code", "error line")
        and "pydantic" in (o.exception or "")
        and "TrustInfo" in (o.exception or "")
    )


def _solver_output(v: Violation, o: Outcome, tags: frozenset[str]) -> bool:
    return v.kind == "stray output" and "HighsMipSolverData" in o.raw


# Found by this harness; not (yet) among issue 13's findings.
NOT_IN_ISSUE = "found by fuzzing the examples, not in issue 13's list"
FINDINGS = [
    Finding(
        "abort",
        "issue 13: a crafted workbook kills the process (cell references or dimensions the "
        "reach scan misses make the reader ask for huge memory and abort)",
        _aborts,
    ),
    Finding(
        "excel-control",
        "issue 13: control characters from the input crash Excel output "
        "(openpyxl IllegalCharacterError)",
        _excel_control,
    ),
    Finding(
        "terminal-control",
        "issue 13: control characters from the input reach the terminal",
        _terminal_control,
    ),
    Finding("mathtext", "issue 13: chart text is parsed as mathtext", _mathtext),
    Finding(
        "beyond-limits",
        "issue 13: references past the xlsx limits (column XFD, row 1,048,576) are read, "
        "not refused (slowly, with hundreds of MiB)",
        _beyond_limits,
    ),
    Finding(
        "shared-strings-count",
        f"{NOT_IN_ISSUE}: a shared-strings table declaring a huge uniqueCount makes the "
        "reader allocate it up front and abort",
        _shared_strings_count,
    ),
    Finding(
        "zip-method",
        f"{NOT_IN_ISSUE}: an unsupported compression method or an encryption flag on "
        "[Content_Types].xml, a .rels part or workbook.xml escapes as NotImplementedError or "
        "RuntimeError (a traceback, exit 1)",
        _zip_method,
    ),
    Finding(
        "blank-trust-field",
        f"{NOT_IN_ISSUE}: a Trust field holding only spaces escapes as pydantic's "
        "ValidationError (a traceback, exit 1)",
        _blank_trust_field,
    ),
    Finding(
        "solver-output",
        f"{NOT_IN_ISSUE}: the HiGHS solver prints 'HighsMipSolverData::"
        "transformNewIntegerFeasibleSolution tmpSolver.run();' on standard output",
        _solver_output,
    ),
]
FINDINGS_BY_KEY = {finding.key: finding for finding in FINDINGS}

# The findings not yet fixed: only these excuse a run (xfail). Every finding above is
# fixed, so each now fails the test like any other broken promise; a new finding is
# added to FINDINGS and here, with its reproduction, while it is open.
OPEN: frozenset[str] = frozenset()


@dataclass
class Verdict:
    known: dict[str, list[Violation]]  # finding reason -> the violations it explains
    unknown: list[Violation]

    @property
    def ok(self) -> bool:
        return not self.known and not self.unknown


def judge(violations: list[Violation], outcome: Outcome, tags: frozenset[str]) -> Verdict:
    verdict = Verdict({}, [])
    for violation in violations:
        finding = next(
            (f for f in FINDINGS if f.key in OPEN and f.explains(violation, outcome, tags)),
            None,
        )
        if finding is None:
            verdict.unknown.append(violation)
        else:
            verdict.known.setdefault(finding.reason, []).append(violation)
    return verdict
