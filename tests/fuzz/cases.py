"""One command on mutated workbooks: files laid out in a folder, the command run, every
promise of :mod:`fuzz.oracle` checked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fuzz import oracle
from fuzz.mutant import Mutant
from fuzz.sandbox import TIMEOUT, Outcome, run_forked

FORMATS = "html,json,xlsx"
Runner = Callable[..., Outcome]


@dataclass
class Run:
    command: str
    mutants: list[Mutant]
    outcome: Outcome
    verdict: oracle.Verdict
    files: list[Path] = field(default_factory=list)

    def report(self) -> str:
        lines = [f"{self.command} on:"]
        lines += [
            f"  {path.name}: {m.description}"
            for path, m in zip(self.files, self.mutants, strict=True)
        ]
        lines.append(self.outcome.summary())
        lines += [
            f"  known ({reason}): {v}" for reason, vs in self.verdict.known.items() for v in vs
        ]
        lines += [f"  BROKEN PROMISE {v}" for v in self.verdict.unknown]
        return "\n".join(lines)


def arguments(command: str, files: Sequence[Path], out: Path, folder: Path) -> list[str]:
    if command == "validate":
        return ["validate", str(files[0])]
    if command == "diagnose":
        return ["diagnose", str(files[0]), "-o", str(out), "--format", FORMATS]
    if command == "compare":
        return ["compare", str(files[0]), str(files[1]), "-o", str(out), "--format", FORMATS]
    return ["batch", str(folder), "-o", str(out), "-j", "1", "--format", FORMATS]


def file_names(command: str, count: int) -> list[str]:
    if command == "compare":
        return ["pre.xlsx", "post.xlsx"]
    if command == "batch":
        return [f"trust{i + 1}.xlsx" for i in range(count)]
    return ["trust.xlsx"]


def run(
    command: str,
    mutants: Sequence[Mutant],
    scratch: Path,
    *,
    expected: set[str] | None = None,
    runner: Runner = run_forked,
    timeout: float = TIMEOUT,
) -> Run:
    """``command`` on ``mutants`` (one, or pre and post, or a batch's workbooks), laid out
    in ``scratch``; ``expected`` names the files a successful run writes (per trust, for
    a batch)."""
    folder = scratch / "in"
    folder.mkdir(parents=True)
    names = file_names(command, len(mutants))
    files = [m.write(folder / name) for m, name in zip(mutants, names, strict=True)]
    out = scratch / "out"
    before = oracle.snapshot(files)
    outcome = runner(arguments(command, files, out, folder), cwd=scratch, timeout=timeout)
    tags = frozenset().union(*(m.tags for m in mutants))
    violations = oracle.command_violations(outcome, command)
    violations += oracle.refusal_violations(outcome, command, tags)
    violations += oracle.input_violations(before, oracle.snapshot(files))
    if command in ("diagnose", "compare"):
        violations += oracle.output_violations(outcome, out, expected or set())
    elif command == "batch":
        violations += oracle.batch_violations(out, expected or set())
    violations += oracle.leftover_violations(scratch)
    return Run(command, list(mutants), outcome, oracle.judge(violations, outcome, tags), files)
