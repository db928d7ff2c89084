"""A national batch, measured on a sample: N synthetic trusts, every format, 1 and 2 jobs.

    python bench/batch.py                       # 24 trusts of 2,000 staff respondents
    python bench/batch.py --trusts 12 --runs 3 --formats html,json

Each run is the real command (``culturekit batch --force``) in a fresh process; its plain
progress lines on standard error are timed as they arrive, so each run is split into the
trusts (from the start until the last trust is written) and the tail after them (the
network summary: a merge of the trusts' parts, then its own documents). The figures are
medians over the runs, with the load average before each, and the time 210 trusts would
take projected at the measured pace:

    projected = pace per trust x 210 + tail - sample's network documents
                + 210 trusts' network documents

where both network summaries' documents are written in a fresh process from the sample's
diagnoses (each used again under another label for 210), and the merge of 210 trusts'
parts is timed too. The CPU seconds of each run (the
command and its workers) say how much work it was, and CPU over wall time how many cores
it had: on a shared machine a run that got fewer than its jobs says so. Workbooks are generated once
into bench/data/batch-N-R/ (git-ignored), with the network mix of bench/network.py.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from network import synthetic_network
from run import DATA, OUT

NATIONAL = 210
ALL_FORMATS = "html,json,xlsx,pdf,pptx"
_LINE = re.compile(r"^\[(\d+)/(\d+)\] ")


@dataclass
class Timing:
    total: float
    trusts: float
    load: float
    # CPU seconds of the command and its workers: the work done, whatever the machine's
    # other load; cpu / total is the parallelism the run got.
    cpu: float

    @property
    def tail(self) -> float:
        return self.total - self.trusts


def timed_run(command: list[str]) -> Timing:
    """One whole run; the moment its last trust's progress line arrived."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    last = start
    with subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stderr is not None
        for line in process.stderr:
            found = _LINE.match(line)
            if found and found.group(1) == found.group(2):
                last = time.perf_counter()
        code = process.wait()
    end = time.perf_counter()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code != 0:
        raise SystemExit(f"{' '.join(command)} exited {code}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Timing(total=end - start, trusts=last - start, load=load, cpu=cpu)


# Builds and writes a network summary of N trusts from the sample's diagnoses (each used
# again under another label), timing the merge and the documents apart. The documents
# are rendered as the batch renders them: with more than one job, side by side on a pool
# of workers already warm (as the batch's are by then), the JSON here.
_NATIONAL_TAIL = """
import sys, time
from functools import partial
from pathlib import Path
start = time.perf_counter()
from culturekit.files import prepare_folder, write_atomic
from culturekit.network import merge_network, trust_part
from culturekit.report.registry import DOCUMENTS
from culturekit.results import Diagnosis
from culturekit.tasks import render_task, warm_up
from culturekit.workers import local_pool
folder, count, formats = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3].split(",")
jobs = int(sys.argv[4])
saved = sorted(folder.glob("*/diagnosis.json"))
sample = [Diagnosis.model_validate_json(p.read_bytes()) for p in saved]
parts = [trust_part(f"{sample[i % len(sample)].trust.name} ({i + 1})", sample[i % len(sample)])
         for i in range(count)]
network = next(d for d in DOCUMENTS if d.kind == "network")
formats = [f for f in formats if f in network.renderers]
out = prepare_folder(folder / "network-national")
merging = time.perf_counter()
summary = merge_network(parts)
merged = begun = time.perf_counter()
if jobs > 1:
    warm_up(formats)
    with local_pool(jobs, out, partial(warm_up, formats)) as pool:
        list(pool.map(warm_up, [formats] * jobs))  # every worker started
        begun = time.perf_counter()
        futures = [pool.submit(render_task, summary, f) for f in formats if f != "json"]
        done = [render_task(summary, f) for f in formats if f == "json"]
        done += [f.result() for f in futures]
else:
    done = [render_task(summary, f) for f in formats]
for rendered in done:
    for name, content in rendered.outputs.items():
        write_atomic(out / name, content)
print(merged - merging, time.perf_counter() - begun, merging - start)
"""


def network_tail(out: Path, count: int, formats: str, jobs: int = 1) -> tuple[float, float]:
    """Seconds to merge the parts of ``count`` trusts and to write their network
    summary's documents with ``jobs`` workers (in a fresh process, from the sample's
    diagnoses in ``out``)."""
    done = subprocess.run(
        [sys.executable, "-c", _NATIONAL_TAIL, str(out), str(count), formats, str(jobs)],
        check=True,
        capture_output=True,
        text=True,
    )
    merge, documents, _ = (float(x) for x in done.stdout.split())
    return merge, documents


def median(timings: list[Timing]) -> Timing:
    return Timing(
        total=statistics.median(t.total for t in timings),
        trusts=statistics.median(t.trusts for t in timings),
        load=statistics.median(t.load for t in timings),
        cpu=statistics.median(t.cpu for t in timings),
    )


@dataclass
class BatchFigures:
    """What a sample's runs say: each job count's median run, its projection to
    NATIONAL trusts, and the network summary's costs."""

    trusts: int
    respondents: int
    formats: str
    runs: int
    timings: dict[int, Timing]
    projected: dict[int, float]
    merge: float
    # The network summary's documents, by job count: NATIONAL trusts', the sample's.
    documents: dict[int, float]
    sample_documents: dict[int, float]

    @property
    def speed_up(self) -> float | None:
        one, two = self.timings.get(1), self.timings.get(2)
        return one.total / two.total if one and two else None

    def lines(self) -> list[str]:
        out = [
            f"batch of {self.trusts} trusts, {self.respondents:,} staff respondents each, "
            f"formats {self.formats} (median of {self.runs} run(s); {os.cpu_count()} cores)",
            f"{'jobs':>4}  {'total':>8}  {'trusts':>8}  {'tail':>6}  {'per trust':>9}  "
            f"{'speed-up':>8}  {'CPU':>7}  {'got':>4}  {'load':>5}  projected {NATIONAL} trusts",
        ]
        one = self.timings.get(1)
        for jobs, t in self.timings.items():
            speed = f"{one.total / t.total:8.2f}" if one is not None else f"{'':8}"
            out.append(
                f"{jobs:>4}  {t.total:7.1f}s  {t.trusts:7.1f}s  {t.tail:5.1f}s  "
                f"{t.trusts / self.trusts:8.2f}s  {speed}  {t.cpu:6.1f}s  "
                f"{t.cpu / t.total:4.2f}  {t.load:5.2f}  {self.projected[jobs] / 60:.1f} min"
            )
        for jobs, seconds in self.documents.items():
            out.append(
                f"network summary of {NATIONAL} trusts: merging their parts "
                f"{self.merge * 1000:.0f} ms, writing its documents with {jobs} job(s) "
                f"{seconds:.1f} s ({self.trusts} trusts: {self.sample_documents[jobs]:.1f} s)"
            )
        return out


def measure_batches(
    trusts: int = 24,
    respondents: int = 2000,
    runs: int = 1,
    formats: str = ALL_FORMATS,
    jobs: tuple[int, ...] = (1, 2),
) -> BatchFigures:
    """The sample's batch, ``runs`` times at each job count (the counts alternating, so
    that a machine busy with other work slows each alike), and its projection."""
    data = DATA / f"batch-{trusts}-{respondents}"
    if not data.exists() or len(list(data.glob("*.xlsx"))) < trusts:
        print(f"generating {trusts} trusts into {data} ...", file=sys.stderr)
    synthetic_network(data, trusts, respondents)
    exe = shutil.which("culturekit")
    cli = [exe] if exe else [sys.executable, "-m", "culturekit.cli"]
    measured: dict[int, list[Timing]] = {j: [] for j in jobs}
    out = OUT
    for index in range(1, runs + 1):
        for count in jobs:
            out = OUT / f"batch-{trusts}-{respondents}-j{count}"
            command = [*cli, "batch", str(data), "-o", str(out), "--format", formats, "--force"]
            run = timed_run([*command, "-j", str(count)])
            measured[count].append(run)
            print(
                f"  {count} job(s), run {index}: {run.total:.1f} s (trusts {run.trusts:.1f} s, "
                f"tail {run.tail:.1f} s), CPU {run.cpu:.1f} s, load average before "
                f"{run.load:.2f}",
                file=sys.stderr,
            )
    timings = {count: median(found) for count, found in measured.items()}
    projected = {}
    merge, documents, sample_documents = 0.0, {}, {}
    for count, t in timings.items():
        _, sample_documents[count] = network_tail(out, trusts, formats, count)
        merge, documents[count] = network_tail(out, NATIONAL, formats, count)
        # The sample's tail, with its network documents replaced by those of NATIONAL.
        tail = max(t.tail - sample_documents[count], 0.0) + documents[count]
        projected[count] = t.trusts / trusts * NATIONAL + tail
    return BatchFigures(
        trusts, respondents, formats, runs, timings, projected, merge, documents, sample_documents
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trusts", type=int, default=24)
    parser.add_argument("--respondents", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--formats", default=ALL_FORMATS)
    parser.add_argument("--jobs", default="1,2", help="the job counts to run, e.g. 1,2")
    args = parser.parse_args()
    jobs = tuple(int(j) for j in args.jobs.split(","))
    figures = measure_batches(args.trusts, args.respondents, args.runs, args.formats, jobs)
    print("\n".join(figures.lines()))
    print(
        "got: CPU seconds per wall second, the cores the run had (other work on the machine "
        "takes the rest)\ntargets: 2 jobs >= 1.7x faster than 1; 210 trusts, every format, "
        "< 5 min"
    )


if __name__ == "__main__":
    main()
