"""The example workbooks mutated at the zip, XML and cell levels: culturekit keeps its
promises whatever it is given.

Hypothesis draws each mutation (``tests/fuzz``) with a fixed seed per test, so CI runs the
same cases every time; ``CULTUREKIT_FUZZ_SCALE=20`` runs twenty times as many and
``CULTUREKIT_FUZZ_SEED=n`` other ones, to explore. Each case runs the command line in a
forked child behind a 2 GiB address-space limit and a timeout (``fuzz.sandbox``), and a
few run as real processes; ``fuzz.oracle`` checks: no traceback, a documented exit code,
``Error: ...`` for a refusal, inputs unchanged, all outputs or none and no temporary
file, no control character on the terminal, bounded time and memory.

Failures issue 13 reports (and the ones this harness found besides) are recognised by
``fuzz.oracle.FINDINGS``: a test that meets only those is marked xfail with their
reasons, and passes once they are fixed; anything else fails, with the mutation that
caused it.
"""

from __future__ import annotations

import os
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from fuzz import cases, generate, mutant, oracle
from fuzz.cases import FORMATS
from fuzz.cell_level import TEXT_MUTATIONS
from fuzz.choices import Chooser, DrawChooser, RandomChooser
from fuzz.found import REPRODUCTIONS, REPRODUCTIONS_BY_ID, Reproduction, original
from fuzz.mutant import Mutant
from fuzz.parts import miniature
from fuzz.sandbox import run_forked, run_process
from fuzz.zip_level import ZIP_MUTATIONS
from hypothesis import HealthCheck, Phase, given, note, seed, settings
from hypothesis import strategies as st

from culturekit.cli import cli

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the sandbox forks (POSIX)")

SCALE = float(os.environ.get("CULTUREKIT_FUZZ_SCALE", "1"))
SEED = int(os.environ.get("CULTUREKIT_FUZZ_SEED", "0"))


@dataclass
class Expected:
    """The files a successful run writes, from the unmutated examples."""

    diagnose: set[str]
    compare: set[str]


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> Expected:
    """``diagnose`` and ``compare`` on unmutated miniatures, in this process (so that every
    forked child inherits the modules they need): they succeed, and say which files a
    run writes."""
    folder = tmp_path_factory.mktemp("warm")
    pre = original("elmbridge-pre.xlsx").write(folder / "pre.xlsx")
    post = original("elmbridge-post.xlsx").write(folder / "post.xlsx")
    found = []
    for args in (["diagnose", pre], ["compare", pre, post]):
        out = folder / args[0]
        result = CliRunner().invoke(cli, [*map(str, args), "-o", str(out), "--format", FORMATS])
        assert result.exit_code == 0, result.output
        assert not result.stderr, result.stderr
        found.append({p.name for p in out.iterdir()})
    assert {"report.html", "diagnosis.json", "report.xlsx"} <= found[0]
    return Expected(*found)


def expect_known(known: dict[str, list[str]]) -> None:
    """Mark the test xfail when it met only failures that are known (and reported)."""
    if known:
        pytest.xfail(
            "; ".join(f"{reason} (e.g. {cases_[0]})" for reason, cases_ in sorted(known.items()))
        )


def fuzz(name: str, examples: int, make: Callable[[Chooser, Path], cases.Run]) -> None:
    """``examples`` runs made by ``make`` from hypothesis's draws; fails on a broken
    promise, xfails when every broken promise is a known finding."""
    known: dict[str, list[str]] = {}

    @settings(
        max_examples=max(1, round(examples * SCALE)),
        derandomize=True,
        database=None,
        deadline=None,
        # A failure is reported as drawn: shrinking would rerun slow commands for minutes,
        # and the report names every change made anyway.
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=list(HealthCheck),
    )
    @seed(zlib.crc32(name.encode()) + SEED)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        with tempfile.TemporaryDirectory(prefix="culturekit-fuzz-") as scratch:
            run = make(DrawChooser(data), Path(scratch))
        note(run.report())
        assert not run.verdict.unknown, run.report()
        for reason in run.verdict.known:
            known.setdefault(reason, []).append(run.mutants[-1].description[:300])

    check()
    expect_known(known)


# --------------------------------------------------------------------------- validate


def test_zip_mutations(expected: Expected) -> None:
    fuzz(
        "zip",
        30,
        lambda c, scratch: cases.run("validate", [generate.mutate("zip", c)], scratch),
    )


def test_zip_mutations_of_the_full_examples(expected: Expected) -> None:
    fuzz(
        "zip-full",
        6,
        lambda c, scratch: cases.run("validate", [generate.mutate("zip", c, full=True)], scratch),
    )


def test_xml_mutations(expected: Expected) -> None:
    fuzz(
        "xml",
        30,
        lambda c, scratch: cases.run("validate", [generate.mutate("xml", c)], scratch),
    )


def test_cell_mutations(expected: Expected) -> None:
    fuzz(
        "cell",
        25,
        lambda c, scratch: cases.run("validate", [generate.mutate("cell", c)], scratch),
    )


# --------------------------------------------------------------------------- reports


def test_text_reaching_the_reports(expected: Expected) -> None:
    """Text the input's cells hold, through every report of ``diagnose``."""

    def make(c: Chooser, scratch: Path) -> cases.Run:
        level = c.pick(["xml", "cell"])
        case = generate.mutate(level, c, text_only=True)
        return cases.run("diagnose", [case], scratch, expected=expected.diagnose)

    fuzz("diagnose", 6, make)


def test_mutated_follow_up_compared(expected: Expected) -> None:
    """A follow-up collection mutated (text, cells or zip), compared with its baseline."""

    def make(c: Chooser, scratch: Path) -> cases.Run:
        level = c.pick(["cell", "zip"])
        name = c.pick(["elmbridge-post.xlsx", "northwick-post.xlsx"])
        pre = original(name.replace("-post", "-pre"))
        post = _mutate_one(name, level, c)
        return cases.run("compare", [pre, post], scratch, expected=expected.compare)

    fuzz("compare", 2, make)


def _mutate_one(name: str, level: str, c: Chooser) -> Mutant:
    """``name``'s miniature mutated at ``level`` (text reaching the reports at the cell
    level, as in a follow-up whose labels and period were typed anew)."""
    if level == "zip":
        data, step = c.pick(ZIP_MUTATIONS)(miniature(name), c)
        return Mutant(f"{name} (miniature)", (step,), frozenset({mutant.CONTAINER}), data)
    parts, step, tags = c.pick(TEXT_MUTATIONS)(miniature(name), c)
    return Mutant(f"{name} (miniature)", (step,), frozenset(tags), parts.to_bytes())


def test_batch_of_mutated_workbooks(expected: Expected) -> None:
    """One batch over a good workbook and three mutated at each level: each trust's folder
    holds all of its reports or nothing, and the run says which failed."""

    def make(c: Chooser, scratch: Path) -> cases.Run:
        mutants = [original("elmbridge-pre.xlsx")]
        mutants += [generate.mutate(level, c) for level in generate.LEVELS]
        return cases.run("batch", mutants, scratch, expected=expected.diagnose)

    fuzz("batch", 1, make)


# --------------------------------------------------------------------------- real processes


@pytest.mark.parametrize("level", generate.LEVELS)
def test_real_processes(tmp_path: Path, expected: Expected, level: str) -> None:
    """The same promises with the command run as a real process: what a user gets."""
    known: dict[str, list[str]] = {}
    case = generate.mutate(level, RandomChooser(20261202 + SEED + generate.LEVELS.index(level)))
    command = "diagnose" if level == "cell" else "validate"
    run = cases.run(command, [case], tmp_path, expected=expected.diagnose, runner=run_process)
    assert not run.verdict.unknown, run.report()
    for reason in run.verdict.known:
        known.setdefault(reason, []).append(case.description)
    expect_known(known)


# --------------------------------------------------------------------------- found failures


class KnownFailure(Exception):
    """A run broke only promises that a known finding explains."""


def _reproduce(
    case: Reproduction, tmp_path: Path, expected: Expected, runner: cases.Runner = run_forked
) -> None:
    files = {"diagnose": expected.diagnose, "compare": expected.compare, "batch": expected.diagnose}
    run = cases.run(
        case.command, case.build(), tmp_path, expected=files.get(case.command), runner=runner
    )
    assert not run.verdict.unknown, run.report()
    if run.verdict.known:
        raise KnownFailure(run.report())


def _while_open(case: Reproduction) -> list[pytest.MarkDecorator]:
    """A reproduction of an open finding is expected to fail; of a fixed one, to pass."""
    if case.finding not in oracle.OPEN:
        return []
    return [pytest.mark.xfail(reason=case.reason, raises=KnownFailure, strict=True)]


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, id=c.id, marks=_while_open(c)) for c in REPRODUCTIONS if not c.heavy],
)
def test_found_failures(tmp_path: Path, expected: Expected, case: Reproduction) -> None:
    """Each failure the harness found, as a small reproduction: xfail while open."""
    _reproduce(case, tmp_path, expected)


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(REPRODUCTIONS_BY_ID[key], id=key, marks=_while_open(REPRODUCTIONS_BY_ID[key]))
        for key in ("prefixed-cell-beyond-the-scan", "escape-in-trust-name")
    ],
)
def test_found_failures_in_real_processes(
    tmp_path: Path, expected: Expected, case: Reproduction
) -> None:
    """An abort and an escape sequence as a user meets them: a process of its own, writing
    to a terminal."""
    _reproduce(case, tmp_path, expected, runner=run_process)
