"""A batch on workers that share no disk with it: bytes in, rendered outputs back.

A Dask ``LocalCluster`` of worker processes runs two example trusts, through the API and
through ``culturekit batch --scheduler``, and every output written is compared, byte for
byte, with a run on this machine's own pool. Cheaper runs through a
thread executor (whose tasks are handed bytes just the same) cover what a remote task
must get right besides: errors worded with the batch's paths, templates sent as files,
comparisons, and inputs named by fsspec URLs.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from bad_inputs import staff_rows
from click.testing import CliRunner
from helpers.workbooks import TRUST_ROWS, make_workbook

from culturekit.batch import batch
from culturekit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EPOCH = "1700000000"
FORMATS = ["json", "html", "xlsx"]


class Recording(Executor):
    """Hands every task to ``inner``, keeping the arguments each was given."""

    def __init__(self, inner: Executor) -> None:
        self.inner = inner
        # The arguments of each trust's or pair's task; of the network summary's apart.
        self.calls: list[tuple[Any, ...]] = []
        self.network: list[tuple[Any, ...]] = []

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        summary = type(args[0]).__name__ == "NetworkSummary"
        (self.network if summary else self.calls).append(args)
        return self.inner.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.inner.shutdown(wait=wait, cancel_futures=cancel_futures)


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def no_local_file_named(executor: Recording) -> None:
    """No task was told where a file of this machine is: workbooks go as bytes, the
    path shown only as text beside them; the network summary's documents are rendered
    from the summary."""
    for args in executor.calls:
        sources = [a for a in args if isinstance(a, bytes)]
        assert sources, args
        assert all(a.startswith(b"PK") for a in sources)
    for args in executor.calls + executor.network:
        for arg in args:
            if isinstance(arg, Path):
                pytest.fail(f"a path was sent: {arg}")


@pytest.fixture(scope="module")
def epoch() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("inputs")
    return [
        Path(shutil.copy(EXAMPLES / f"{name}.xlsx", folder / f"{name}.xlsx"))
        for name in ("northwick-pre", "elmbridge-post")
    ]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """One cluster of two single-threaded worker processes for every test that needs it."""
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as local:
        yield local


@pytest.fixture(scope="module")
def local_run(epoch: None, inputs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The batch on this machine's own pool of workers."""
    result = batch(inputs, tmp_path_factory.mktemp("local"), jobs=2, formats=FORMATS)
    assert result.ok
    return result


def local_files(result: Any) -> dict[str, bytes]:
    return files(result.trusts[0].folder.parent)


def test_a_dask_cluster_writes_the_same_bytes_as_a_local_run(
    epoch: None, inputs: list[Path], cluster: Any, local_run: Any, tmp_path: Path
) -> None:
    from dask.distributed import Client

    with Client(cluster) as client:
        executor = Recording(client.get_executor())
        remote = batch(inputs, tmp_path / "remote", executor=executor, formats=FORMATS)
    assert remote.ok
    assert len(executor.calls) == len(inputs)
    # The network summary's HTML and Excel are rendered on the workers, its JSON here.
    assert sorted(args[1] for args in executor.network) == ["html", "xlsx"]
    no_local_file_named(executor)
    expected, found = local_files(local_run), files(tmp_path / "remote")
    assert sorted(found) == sorted(expected)
    # Two trusts' reports and manifests, and the network summary.
    assert len(found) == 2 * (len(FORMATS) + 1) + len(FORMATS)
    different = [name for name in expected if found[name] != expected[name]]
    assert not different
    assert remote.network == local_run.network


def run_cli(*args: Any) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_the_command_runs_on_the_cluster_its_scheduler_names(
    epoch: None, inputs: list[Path], cluster: Any, local_run: Any, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    formats = ",".join(FORMATS)
    done = run_cli(
        "batch", *inputs, "-o", out, "--format", formats, "--scheduler", cluster.scheduler_address
    )
    assert done.exit_code == 0, done.output
    assert f"Dask scheduler {cluster.scheduler_address}: 2 workers, 2 threads" in done.output
    assert files(out) == local_files(local_run)


def test_a_scheduler_file_gives_the_address(tmp_path: Path) -> None:
    from culturekit.cluster import scheduler_address
    from culturekit.errors import ClusterError

    # As `dask scheduler --scheduler-file` writes it.
    saved = tmp_path / "scheduler.json"
    saved.write_text(json.dumps({"type": "Scheduler", "address": "tls://10.0.0.5:8786"}), "utf-8")
    assert scheduler_address(str(saved)) == "tls://10.0.0.5:8786"
    assert scheduler_address("10.0.0.5:8786") == "10.0.0.5:8786"
    saved.write_text("{}", "utf-8")
    with pytest.raises(ClusterError, match="not a Dask scheduler file"):
        scheduler_address(str(saved))


def test_a_scheduler_that_cannot_be_reached_is_an_error(inputs: list[Path], tmp_path: Path) -> None:
    dask = pytest.importorskip("dask")
    pytest.importorskip("dask.distributed")
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        done = run_cli(
            "batch", *inputs, "-o", tmp_path / "out", "--scheduler", f"tcp://127.0.0.1:{port}"
        )
    assert done.exit_code == 9, done.output
    assert f"Error: cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in done.output
    assert "Traceback" not in done.output
    assert not (tmp_path / "out").exists()


def test_a_missing_scheduler_file_is_an_error_at_once(inputs: list[Path], tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    gone = tmp_path / "scheduler.json"
    done = run_cli("batch", *inputs, "-o", tmp_path / "out", "--scheduler", gone)
    assert done.exit_code == 9, done.output
    assert f"Error: {gone}: scheduler file not found" in done.output


def test_without_dask_the_scheduler_option_says_what_to_install(
    inputs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # as if not installed
    done = run_cli("batch", *inputs, "-o", tmp_path / "out", "--scheduler", "tcp://h:8786")
    assert done.exit_code == 9, done.output
    assert "Error: running on a Dask cluster needs dask.distributed" in done.output
    assert 'pip install "culturekit[dask]"' in done.output


def test_jobs_and_a_scheduler_are_not_given_together(inputs: list[Path], tmp_path: Path) -> None:
    done = run_cli("batch", *inputs, "-o", tmp_path / "out", "-j", "2", "--scheduler", "h:8786")
    assert done.exit_code == 2
    assert "--jobs" in done.output


# --------------------------------------------------------------------------- cheaper runs


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two collections of one small trust, and a workbook that breaks the input format."""
    folder = tmp_path_factory.mktemp("small")
    for period in ("2025 baseline", "2026 follow-up"):
        trust = [list(row) for row in TRUST_ROWS]
        trust[3][1] = period
        make_workbook(
            folder, {"Trust": trust, "Staff": staff_rows(24)}, name=f"t-{period[:4]}.xlsx"
        )
    make_workbook(folder, {"Trust": TRUST_ROWS}, name="no-staff.xlsx")
    return folder


def run_both(paths: list[Any], tmp_path: Path, **options: Any) -> tuple[Any, Any, Recording]:
    local = batch(paths, tmp_path / "local", jobs=1, **options)
    with ThreadPoolExecutor(max_workers=2) as pool:
        executor = Recording(pool)
        remote = batch(paths, tmp_path / "remote", executor=executor, **options)
    return local, remote, executor


def test_bytes_sent_give_the_same_outputs_errors_and_comparisons(
    epoch: None, small: Path, tmp_path: Path
) -> None:
    local, remote, executor = run_both([small], tmp_path, formats=["json", "html"], compare=True)
    no_local_file_named(executor)
    assert files(tmp_path / "remote") == files(tmp_path / "local")
    # The failed trust says what diagnosing it alone says, naming the file as given.
    (failed,) = remote.failed
    assert failed.error == local.failed[0].error
    assert str(small / "no-staff.xlsx") in (failed.error or "")
    assert "culturekit-task-" not in (failed.error or "")
    assert [p.error for p in remote.pairs] == [None]
    assert (remote.pairs[0].folder / "comparison.json").exists()
    saved = json.loads((remote.pairs[0].folder / "comparison.json").read_text("utf-8"))
    assert str(small / "t-2025.xlsx") in json.dumps(saved)
    assert remote.network.movements == local.network.movements != []


def test_templates_travel_as_files(epoch: None, small: Path, tmp_path: Path) -> None:
    templates = tmp_path / "brand"
    (templates / "partials").mkdir(parents=True)
    (templates / "report.html").write_text(
        '{% extends "default:report.html" %}{% block title %}Branded {{ d.trust.code }}'
        "{% endblock %}",
        "utf-8",
    )
    paths = [small / "t-2025.xlsx"]
    _, _, executor = run_both(paths, tmp_path, formats=["html"], templates=templates)
    sent = [a for call in executor.calls for a in call if isinstance(a, dict)]
    assert sent and "report.html" in sent[0]
    assert files(tmp_path / "remote") == files(tmp_path / "local")
    report = (tmp_path / "remote" / "t-2025" / "report.html").read_text("utf-8")
    assert "Branded RXT" in report


def test_inputs_named_by_fsspec_urls(small: Path, tmp_path: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    memory = fsspec.filesystem("memory")
    for name in ("t-2025.xlsx", "t-2026.xlsx"):
        memory.pipe(f"/trusts-{tmp_path.name}/{name}", (small / name).read_bytes())
    url = f"memory:///trusts-{tmp_path.name}/*.xlsx"
    with ThreadPoolExecutor(max_workers=2) as pool:
        executor = Recording(pool)
        first = batch([url], tmp_path / "out", executor=executor, formats=["json"])
    assert first.ok and len(first.trusts) == 2
    # The workers are given the URL, and read it themselves.
    assert all(
        isinstance(call[0], str) and call[0].startswith("memory://") for call in executor.calls
    )
    saved = json.loads((tmp_path / "out" / "t-2025" / "diagnosis.json").read_text("utf-8"))
    assert saved["inputs"][0]["path"] == f"memory:///trusts-{tmp_path.name}/t-2025.xlsx"
    again = batch([url], tmp_path / "out", jobs=1, formats=["json"])
    assert [t.skipped for t in again.trusts] == [True, True]
    missing = batch(
        [f"memory:///trusts-{tmp_path.name}/gone.xlsx"], tmp_path / "gone", jobs=1, formats=["json"]
    )
    assert missing.trusts[0].exit_code == 3
    assert missing.trusts[0].error.endswith("gone.xlsx: file not found")  # type: ignore[union-attr]


class OtherVersion(Executor):
    """Runs each task here, as a worker with another culturekit installed would answer."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        rendered = fn(*args, **kwargs)
        rendered.version = "0.0.0-elsewhere"
        future.set_result(rendered)
        return future


def test_a_worker_of_another_version_writes_nothing(small: Path, tmp_path: Path) -> None:
    result = batch([small / "t-2025.xlsx"], tmp_path, executor=OtherVersion(), formats=["json"])
    (failed,) = result.failed
    assert failed.exit_code == 8
    assert "the worker runs culturekit 0.0.0-elsewhere" in (failed.error or "")
    assert not (tmp_path / "t-2025").exists()
    assert result.network is None
