"""What the PDF adds to a diagnosis: a 10,000-respondent trust with and without it.

    python bench/pdf.py                 # 10,000 respondents, 5 runs of each
    python bench/pdf.py --respondents 1000 --runs 3

Each run is a fresh process (``culturekit diagnose ... -q``), so Python start-up, the
imports and Typst's loading of fonts are all counted. The runs with and without PDF
alternate, so that a machine busy with something else slows both alike. Printed: the
median wall time and the median CPU time (user and system) of each, and their ratios;
the target is the run with PDF at most 1.5 times the run without it. The workbook is
bench/run.py's synthetic trust, generated once into bench/data/ (git-ignored).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time

from run import DATA, OUT, SEED, synthetic_trust

TARGET = 1.5


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``command`` in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    book = DATA / f"trust-{args.respondents}.xlsx"
    if not book.exists():
        print(f"generating {book.name} ...", file=sys.stderr)
        synthetic_trust(book, args.respondents, SEED + args.respondents)
    exe = shutil.which("culturekit")
    cli = [exe] if exe else [sys.executable, "-m", "culturekit.cli"]
    formats = {"without PDF": "html,json", "with PDF": "html,json,pdf", "PDF alone": "pdf"}
    commands = {
        name: [*cli, "diagnose", str(book), "-o", str(OUT / f"pdf-{i}"), "--format", fmt, "-q"]
        for i, (name, fmt) in enumerate(formats.items())
    }
    timed(commands["with PDF"])  # a first run compiles and caches the templates
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(timed(command))
    wall = {name: statistics.median(w for w, _ in runs) for name, runs in times.items()}
    cpu = {name: statistics.median(c for _, c in runs) for name, runs in times.items()}
    print(f"{args.respondents:,} respondents, median of {args.runs} runs each")
    print(f"{'diagnose':<14}{'wall':>9}{'CPU':>9}")
    for name in commands:
        print(f"{name:<14}{wall[name]:8.2f}s{cpu[name]:8.2f}s")
    ratio_wall = wall["with PDF"] / wall["without PDF"]
    ratio_cpu = cpu["with PDF"] / cpu["without PDF"]
    verdict = "met" if max(ratio_wall, ratio_cpu) <= TARGET else "missed"
    print(
        f"with PDF / without: {ratio_wall:.2f} wall, {ratio_cpu:.2f} CPU "
        f"(target <= {TARGET}: {verdict})"
    )


if __name__ == "__main__":
    main()
