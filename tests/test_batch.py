"""Batch runs and the network summary: many workbooks, failures kept apart, any executor."""

from __future__ import annotations

import json
import os
import shutil
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path
from statistics import fmean
from typing import Any

import pytest
from click.testing import CliRunner
from helpers.review import REVIEW_PERIOD, build_review
from helpers.workbooks import STAFF_HEADER, TRUST_ROWS, make_workbook, staff_row

from culturekit.batch import anonymous_labels, batch, expand_paths
from culturekit.cli import cli
from culturekit.errors import BatchError, InputFileError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
NAMES = ("northwick-pre", "northwick-post", "elmbridge-pre", "elmbridge-post")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four examples and one broken workbook."""
    folder = tmp_path_factory.mktemp("trusts")
    for name in NAMES:
        shutil.copy(EXAMPLES / f"{name}.xlsx", folder / f"{name}.xlsx")
    (folder / "broken.xlsx").write_text("this is not a workbook", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def run(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    out = tmp_path_factory.mktemp("out")
    return batch([folder], out, jobs=1, formats=["json", "html"], compare=True), out


def test_every_trust_is_reported_and_the_broken_one_fails_alone(run: tuple[Any, Path]) -> None:
    result, out = run
    assert len(result.trusts) == 5
    failed = [t for t in result.trusts if not t.ok]
    assert [t.path.name for t in failed] == ["broken.xlsx"]
    assert "not an Excel workbook" in (failed[0].error or "")
    for name in NAMES:
        assert (out / name / "diagnosis.json").exists()
        assert (out / name / "report.html").exists()
    assert not result.ok


def test_network_summary_matches_the_trusts_latest_collections(run: tuple[Any, Path]) -> None:
    _, out = run
    network = json.loads((out / "network" / "network.json").read_text("utf-8"))
    assert (out / "network" / "network.html").exists()
    # One entry per trust, its latest collection.
    assert sorted(t["period"] for t in network["trusts"]) == ["2026 follow-up"] * 2
    latest = {
        json.loads((out / name / "diagnosis.json").read_text("utf-8"))["trust"]["name"]: name
        for name in ("northwick-post", "elmbridge-post")
    }
    teamwork = next(e for e in network["elements"] if e["id"] == "teamwork")
    staff = next(s for s in teamwork["sources"] if s["source"] == "staff")
    scores = {}
    for trust_name, name in latest.items():
        diagnosis = json.loads((out / name / "diagnosis.json").read_text("utf-8"))
        element = next(e for e in diagnosis["elements"] if e["id"] == "teamwork")
        scores[trust_name] = element["sources"]["staff"]["score"]
    # The two trusts are of different types (acute, mental health): each is averaged only
    # with trusts of its own type, of which it is the only one, so has no difference.
    kinds = {t["label"]: t["trust_type"] for t in network["trusts"]}
    assert sorted(kinds.values()) == ["acute", "mental health"]
    for group, average in zip(network["groups"], staff["averages"], strict=True):
        (label,) = group["labels"]
        assert average["average"] == pytest.approx(fmean([scores[label]]))
        assert average["trusts_scored"] == 1 and kinds[label] == group["trust_type"]
    assert all(entry["difference"] is None for entry in staff["trusts"])


def test_pairs_are_compared_in_period_order(run: tuple[Any, Path]) -> None:
    result, _ = run
    assert len(result.pairs) == 2
    for pair in result.pairs:
        assert pair.error is None
        assert pair.pre.name.endswith("-pre.xlsx") and pair.post.name.endswith("-post.xlsx")
        assert (pair.folder / "comparison.json").exists()
    movements = result.network.movements
    assert {m.pre_period for m in movements} == {"2025 baseline"}
    northwick = next(m for m in movements if "Northwick" in m.label)
    assert {"Learning and innovation", "Support and compassion"} <= set(northwick.improved)


def test_up_to_date_outputs_are_skipped_unless_forced(folder: Path, tmp_path: Path) -> None:
    one = [folder / "elmbridge-post.xlsx"]
    first = batch(one, tmp_path, jobs=1, formats=["json"])
    assert not first.trusts[0].skipped
    again = batch(one, tmp_path, jobs=1, formats=["json"])
    assert again.trusts[0].skipped
    assert again.trusts[0].diagnosis == first.trusts[0].diagnosis
    forced = batch(one, tmp_path, jobs=1, formats=["json"], force=True)
    assert not forced.trusts[0].skipped


class ForwardingExecutor(Executor):
    """An executor of the shape a Dask or Ray adapter has: submit returns a Future."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=2)
        self.submitted = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1
        return self.pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.pool.shutdown(wait=wait, cancel_futures=cancel_futures)


def test_any_executor_can_run_the_batch(folder: Path, tmp_path: Path) -> None:
    executor = ForwardingExecutor()
    paths = [folder / "elmbridge-pre.xlsx", folder / "broken.xlsx"]
    result = batch(paths, tmp_path, executor=executor, formats=["json"])
    executor.shutdown()
    assert executor.submitted == 2
    assert [t.ok for t in result.trusts] == [True, False]


def test_anonymised_run_names_no_trust(folder: Path, tmp_path: Path) -> None:
    result = batch(
        [folder / f"{n}.xlsx" for n in NAMES],
        tmp_path,
        jobs=1,
        formats=["json", "html"],
        compare=True,
        anonymise_trusts=True,
    )
    labels = {t.path.stem: t.label for t in result.trusts}
    # One label per trust, the same for both of its collections.
    assert labels["northwick-pre"] == labels["northwick-post"]
    assert labels["elmbridge-pre"] == labels["elmbridge-post"]
    assert {labels["northwick-pre"], labels["elmbridge-pre"]} == {"Trust A", "Trust B"}
    for path in tmp_path.rglob("*"):
        if path.suffix in {".json", ".html"}:
            text = path.read_text("utf-8")
            for secret in ("Northwick", "Elmbridge", "RXN", "RXE", "northwick-"):
                assert secret not in text, f"{secret} in {path}"


def test_paths_expand_files_folders_and_globs(folder: Path) -> None:
    assert len(expand_paths([folder])) == 5
    assert len(expand_paths([str(folder / "*-pre.xlsx")])) == 2
    assert len(expand_paths([folder / "broken.xlsx", folder])) == 5
    with pytest.raises(InputFileError):
        expand_paths([str(folder / "*.nothing")])


def test_labels_run_past_z() -> None:
    labels = anonymous_labels(28)
    assert labels[0] == "Trust A" and labels[25] == "Trust Z" and labels[27] == "Trust AB"


def test_cli_reports_failures_with_exit_8(folder: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "batch",
            str(folder / "elmbridge-post.xlsx"),
            str(folder / "broken.xlsx"),
            "-o",
            str(tmp_path),
            "-j",
            "1",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == BatchError.exit_code, result.output
    assert "FAILED" in result.output and "broken.xlsx" in result.output
    assert result.stderr.splitlines()[-1].startswith("Error: 1 of 2 workbooks failed")
    assert "Traceback" not in result.output + result.stderr
    assert (tmp_path / "elmbridge-post" / "diagnosis.json").exists()


def test_shared_means_more_than_one_trust(run: tuple[Any, Path]) -> None:
    result, _ = run
    network = result.network
    for name in network.shared_priorities:
        element = next(e for e in network.elements if e.name == name)
        assert len(element.priority_in) >= 2
    # Equity and inclusion is a planted priority of both example trusts.
    assert "Equity and inclusion" in network.shared_priorities
    # Learning and innovation is a priority at Northwick only: not shared.
    assert "Learning and innovation" not in network.shared_priorities


def test_network_pdf_renders(run: tuple[Any, Path]) -> None:
    from culturekit.report.pdf import render_pdf

    result, _ = run
    pdf = render_pdf(result.network)
    assert pdf.startswith(b"%PDF")


# --------------------------------------------------------------------------- unreadable paths


def test_batch_of_an_example_and_a_missing_path(tmp_path: Path) -> None:
    """``culturekit batch examples/northwick-pre.xlsx missing.xlsx -o out/``."""
    out = tmp_path / "out"
    missing = tmp_path / "missing.xlsx"
    result = CliRunner().invoke(
        cli, ["batch", str(EXAMPLES / "northwick-pre.xlsx"), str(missing), "-o", str(out)]
    )
    assert result.exit_code == BatchError.exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output + result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if ".xlsx" in line}
    assert rows["missing.xlsx"].endswith(
        f"FAILED (exit {InputFileError.exit_code}): {missing}: file not found"
    )
    assert "ok (" in rows["northwick-pre.xlsx"]
    assert "1 of 2 workbooks diagnosed" in result.stdout
    assert result.stderr.splitlines()[-1] == "Error: 1 of 2 workbooks failed; see the table above"
    for name in ("report.html", "diagnosis.json", "report.xlsx"):
        assert (out / "northwick-pre" / name).exists()
    network = json.loads((out / "network" / "network.json").read_text("utf-8"))
    assert [t["name"] for t in network["trusts"]] == ["Northwick General Hospital NHS Trust"]
    assert not (out / "missing").exists()


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A folder holding one small workbook that diagnoses."""
    folder = tmp_path / "in"
    folder.mkdir()
    staff = [STAFF_HEADER, *[staff_row("Nursing", 1 + i % 5) for i in range(12)]]
    make_workbook(folder, {"Trust": TRUST_ROWS, "Staff": staff}, name="good.xlsx")
    return folder


def test_batch_keeps_every_unreadable_path_to_its_own_row(small: Path, tmp_path: Path) -> None:
    (small / "folder.xlsx").mkdir()  # found in the folder, but not a file
    (small / "sub").mkdir()  # matched by the glob, but not a file
    missing = tmp_path / "missing.xlsx"
    result = batch([small / "*", missing], tmp_path / "out", jobs=1, formats=["json"])
    outcomes = {t.path.name: t for t in result.trusts}
    assert outcomes["good.xlsx"].ok
    for name in ("folder.xlsx", "sub"):
        assert outcomes[name].exit_code == InputFileError.exit_code
        assert outcomes[name].error == f"{small / name}: is a folder, not a workbook"
    assert outcomes["missing.xlsx"].exit_code == InputFileError.exit_code
    assert outcomes["missing.xlsx"].error == f"{missing}: file not found"
    assert result.network is not None
    assert (tmp_path / "out" / "network" / "network.json").exists()


def test_an_anonymised_batch_keeps_a_missing_path_to_its_row(small: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.xlsx"
    result = batch(
        [small / "good.xlsx", missing],
        tmp_path / "out",
        jobs=1,
        formats=["json"],
        anonymise_trusts=True,
    )
    assert [t.ok for t in result.trusts] == [True, False]
    assert result.trusts[1].exit_code == InputFileError.exit_code


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_batch_keeps_an_unreadable_file_to_its_row(small: Path, tmp_path: Path) -> None:
    locked = shutil.copy(small / "good.xlsx", tmp_path / "locked.xlsx")
    os.chmod(locked, 0)
    try:
        result = batch([small / "good.xlsx", locked], tmp_path / "out", jobs=1, formats=["json"])
    finally:
        os.chmod(locked, 0o600)
    (failed,) = result.failed
    assert failed.exit_code == InputFileError.exit_code
    assert "cannot be read" in (failed.error or "")


def test_a_trust_with_three_collections_gets_a_trend_beside_its_pairs(
    folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Northwick's three collections (given out of order) are followed as one trend and
    still compared pair by pair; Elmbridge's one collection gets neither. Anonymised, the
    trend names no trust and no input file."""
    review = build_review(tmp_path_factory.mktemp("review") / "northwick-review.xlsx")
    paths = [review, folder / "northwick-post.xlsx", folder / "elmbridge-pre.xlsx"]
    paths.append(folder / "northwick-pre.xlsx")
    out = tmp_path_factory.mktemp("trend-out")
    result = batch(paths, out, jobs=1, formats=["json"], compare=True, anonymise_trusts=True)
    assert result.ok
    assert len(result.pairs) == 2
    (trend,) = result.trends
    assert trend.error is None and trend.folder.parent == out
    assert trend.folder.name.startswith("trend-")
    assert [p.name for p in trend.collections] == [
        "northwick-pre.xlsx",
        "northwick-post.xlsx",
        "northwick-review.xlsx",
    ]
    text = (trend.folder / "trend.json").read_text("utf-8")
    data = json.loads(text)
    assert [c["period"] for c in data["collections"]] == [
        "2025 baseline",
        "2026 follow-up",
        REVIEW_PERIOD,
    ]
    assert data["trust"]["name"] == trend.label
    assert "northwick" not in text.lower()
    # Each step gives the verdicts the batch's own comparison of that pair gives.
    pairs = {p.post.name: p for p in result.pairs}
    laters = ("northwick-post.xlsx", "northwick-review.xlsx")
    for step, later in zip(data["steps"], laters, strict=True):
        comparison = json.loads((pairs[later].folder / "comparison.json").read_text("utf-8"))
        assert step["elements"] == comparison["elements"]
        assert step["summary"] == comparison["summary"]
