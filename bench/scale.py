"""National scale in one run: every figure issue 15's targets are about.

    python bench/scale.py                     # the whole set
    python bench/scale.py --batch-runs 2 --diagnose-runs 7

1. A national batch, measured on a sample (bench/batch.py): 24 synthetic trusts of 2,000
   staff respondents, every format, with 1 and 2 jobs, and 210 trusts projected from it.
2. A 10,000-respondent ``culturekit diagnose`` to HTML and JSON beside a bare
   ``pandas.read_excel(engine="calamine")`` of the same workbook's every sheet, the two
   alternating run by run so that other work on the machine slows both alike.
3. The peak memory of a 100,000-respondent ``diagnose`` to HTML and JSON.

Every run is a fresh process. Printed: medians of wall and CPU seconds (user and system,
the work done whatever the machine's load), the load average, and each figure beside its
target. Workbooks are bench/run.py's synthetic trusts, generated once into bench/data/.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time

from batch import NATIONAL, measure_batches
from pdf import timed
from run import DATA, OUT, SEED, peak_of, synthetic_trust


def workbook(respondents: int) -> str:
    book = DATA / f"trust-{respondents}.xlsx"
    if not book.exists():
        print(f"generating {book.name} ...", file=sys.stderr)
        synthetic_trust(book, respondents, SEED + respondents)
    return str(book)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-runs", type=int, default=1)
    parser.add_argument("--diagnose-runs", type=int, default=5)
    parser.add_argument("--skip-batch", action="store_true")
    args = parser.parse_args()
    exe = shutil.which("culturekit")
    cli = [exe] if exe else [sys.executable, "-m", "culturekit.cli"]
    started = time.strftime("%Y-%m-%d %H:%M")
    loads = [os.getloadavg()[0]]

    figures = None if args.skip_batch else measure_batches(runs=args.batch_runs)
    loads.append(os.getloadavg()[0])

    book = workbook(10_000)
    bare = [
        sys.executable,
        "-c",
        f"import pandas; pandas.read_excel({book!r}, sheet_name=None, engine='calamine')",
    ]
    diagnose = [*cli, "diagnose", book, "-o", str(OUT / "scale-10000"), "-q"]
    diagnose += ["--format", "html,json"]
    reads, diagnoses = [], []
    for _ in range(args.diagnose_runs):
        reads.append(timed(bare))
        diagnoses.append(timed(diagnose))
    loads.append(os.getloadavg()[0])

    big = workbook(100_000)
    peak = peak_of(
        [*cli, "diagnose", big, "-o", str(OUT / "scale-100000"), "-q", "--format", "html,json"]
    )
    loads.append(os.getloadavg()[0])

    def wall(runs: list[tuple[float, float]]) -> float:
        return statistics.median(r[0] for r in runs)

    def cpu(runs: list[tuple[float, float]]) -> float:
        return statistics.median(r[1] for r in runs)

    print(f"\nnational scale, {started}, {os.cpu_count()} cores, load average {loads}")
    if figures is not None:
        print("\n".join(figures.lines()))
    print(
        f"10,000 respondents (median of {args.diagnose_runs}, alternating): bare read "
        f"{wall(reads):.2f} s wall / {cpu(reads):.2f} s CPU; diagnose to HTML+JSON "
        f"{wall(diagnoses):.2f} s / {cpu(diagnoses):.2f} s CPU"
    )
    print(f"100,000 respondents: peak memory of diagnose {peak:.0f} MiB")
    rows: list[tuple[str, str, str]] = []
    if figures is not None:
        if figures.speed_up is not None:
            rows.append(("2 jobs against 1, 24 trusts", f"{figures.speed_up:.2f} x", ">= 1.7 x"))
        if 2 in figures.projected:
            minutes = figures.projected[2] / 60
            rows.append((f"{NATIONAL} trusts projected at 2 jobs", f"{minutes:.1f} min", "< 5 min"))
    ratio = wall(diagnoses) / wall(reads)
    rows.append(("10k diagnose / bare read, wall", f"{ratio:.2f} x", "<= 2.0 x"))
    rows.append(("10k diagnose / bare read, CPU", f"{cpu(diagnoses) / cpu(reads):.2f} x", ""))
    rows.append(("100k diagnose, peak memory", f"{peak:.0f} MiB", "< 1024 MiB"))
    print(f"\n{'figure':<36}  {'measured':>10}  target")
    for name, value, target in rows:
        print(f"{name:<36}  {value:>10}  {target}")


if __name__ == "__main__":
    main()
