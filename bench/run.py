"""Benchmark culturekit on synthetic trusts of 1,000, 10,000 and 100,000 staff respondents.

    python bench/run.py                 # all sizes, 3 runs each
    python bench/run.py --sizes 1000,10000 --runs 5

Each figure is a whole process (Python start-up included), timed with the operating
system's accounting; the median of the runs is printed, with peak memory (largest RSS).
Workbooks are generated once into bench/data/ (git-ignored) and reused.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
OUT = HERE / "out"
SEED = 20261129
BATCH_TRUSTS = 12
BATCH_SIZE = 1000


def synthetic_trust(
    path: Path,
    respondents: int,
    seed: int,
    code: str = "RZZ",
    *,
    name: str | None = None,
    trust_type: str = "acute",
    shifts: dict[str, float] | None = None,
) -> Path:
    """A valid workbook with ``respondents`` staff rows, a board, stakeholders, a workforce
    of three times the respondents, recruitment and a dashboard.

    ``shifts`` moves the answers of each element's items (points on the 1-5 scale, towards
    favourable), so that synthetic trusts differ from one another element by element."""
    from openpyxl import Workbook

    from culturekit.framework import default_framework

    rng = np.random.default_rng(seed)
    fw = default_framework()
    wb = Workbook(write_only=True)
    trust = wb.create_sheet("Trust")
    trust.append(["field", "value"])
    for row in (
        ("trust_name", name or f"Synthetic Trust {code}"),
        ("trust_code", code),
        ("period", "2026"),
        ("trust_type", trust_type),
        ("staff_headcount", respondents * 3),
    ):
        trust.append(list(row))
    groups = {
        "staff_group": ["Nursing", "Medical", "Admin", "AHP", "Estates"],
        "band": [f"Band {b}" for b in range(2, 9)],
        "ethnicity": ["White British", "Asian", "Black", "Mixed", "White Other"],
        "gender": ["Female", "Male"],
        "disability": ["Yes", "No"],
        "directorate": ["Medicine", "Surgery", "Women's", "Corporate"],
    }
    for source, n in (("staff", respondents), ("board", 15), ("stakeholders", 120)):
        sheet = wb.create_sheet(fw.instruments[source].sheet)
        items = fw.instruments[source].items
        codes = [i.code for i in items]
        # A reversed item is answered the other way, so a favourable shift lowers it.
        shift = np.array(
            [(shifts or {}).get(i.element, 0.0) * (-1 if i.reverse else 1) for i in items]
        )
        group_cols = list(groups) if source == "staff" else []
        sheet.append(["respondent_id" if source != "board" else "member_id", *group_cols, *codes])
        latent = rng.normal(0, 1, size=(n, 1))
        answers = np.clip(
            np.rint(3.4 + shift + latent + rng.normal(0, 0.9, size=(n, len(codes)))), 1, 5
        ).astype(int)
        chosen = {c: rng.choice(v, size=n) for c, v in groups.items()}
        for r in range(n):
            sheet.append([r + 1, *(str(chosen[c][r]) for c in group_cols), *answers[r].tolist()])
    work = wb.create_sheet("Workforce")
    work.append(
        [
            "band",
            "ethnicity",
            "disability",
            "gender",
            "age_band",
            "board_member",
            "executive",
            "left_in_period",
            "entered_disciplinary",
            "accessed_training",
        ]
    )
    staff_n = respondents * 3
    bands = rng.choice(
        [f"Band {b}" for b in range(2, 8)] + ["Band 8a", "Band 8b", "VSM"], size=staff_n
    )
    eth = rng.choice(["White British", "Asian", "Black", "Prefer not to say"], size=staff_n)
    dis = rng.choice(["Yes", "No", "Not declared"], size=staff_n, p=[0.05, 0.85, 0.10])
    yn = lambda p: rng.choice(["Y", "N"], size=staff_n, p=[p, 1 - p])  # noqa: E731
    board = ["Y" if i < 14 else "N" for i in range(staff_n)]
    left, disc, train = yn(0.1), yn(0.02), yn(0.3)
    ages = rng.choice(["21-30", "31-40", "41-50", "51-55", "56-60", "61-65"], size=staff_n)
    for i in range(staff_n):
        work.append(
            [
                str(bands[i]),
                str(eth[i]),
                str(dis[i]),
                "Female",
                str(ages[i]),
                board[i],
                "N",
                str(left[i]),
                str(disc[i]),
                str(train[i]),
            ]
        )
    rec = wb.create_sheet("Recruitment")
    rec.append(["ethnicity", "disability", "appointed"])
    for _ in range(max(200, respondents // 5)):
        rec.append(
            [
                str(rng.choice(["White British", "Asian", "Black"])),
                str(rng.choice(["Yes", "No"])),
                str(rng.choice(["Y", "N"])),
            ]
        )
    dash = wb.create_sheet("Dashboard")
    dash.append(["indicator", "element", "value", "benchmark", "higher_is_better", "unit"])
    for element in fw.elements:
        dash.append(
            [f"{element.name} indicator", element.id, float(rng.uniform(40, 60)), 50.0, "Y", "%"]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def measure(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall seconds and the largest peak RSS (MiB) over ``runs`` fresh processes."""
    times = []
    peak = 0.0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        peak = max(peak, after / 1024, before / 1024)
    return statistics.median(times), peak


def peak_of(command: list[str]) -> float:
    """Peak RSS (MiB) of one process, measured in a fresh child of its own."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
        "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *command], check=True, capture_output=True, text=True
    ).stdout
    return int(out.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    exe = shutil.which("culturekit")
    cli = [exe] if exe else [sys.executable, "-m", "culturekit.cli"]
    rows: list[tuple[str, float, float | None]] = []
    for n in sizes:
        book = DATA / f"trust-{n}.xlsx"
        if not book.exists():
            print(f"generating {book.name} ...", file=sys.stderr)
            synthetic_trust(book, n, SEED + n)
        bare = [
            sys.executable,
            "-c",
            f"import pandas; pandas.read_excel({str(book)!r}, sheet_name=None, engine='calamine')",
        ]
        t_bare, _ = measure(bare, args.runs)
        out = OUT / f"diag-{n}"
        diag = [*cli, "diagnose", str(book), "-o", str(out), "--format", "html,json", "-q"]
        t_diag, _ = measure(diag, args.runs)
        rows += [
            (f"{n:,} respondents: pandas.read_excel (calamine), all sheets", t_bare, None),
            (f"{n:,} respondents: diagnose to HTML+JSON", t_diag, t_diag / t_bare),
        ]
        if args.pdf:
            pdf = [*cli, "diagnose", str(book), "-o", str(out), "--format", "html,json,pdf", "-q"]
            t_pdf, _ = measure(pdf, max(1, args.runs - 1))
            rows.append(
                (
                    f"{n:,} respondents: diagnose to HTML+JSON+PDF (ratio: added time "
                    "over the HTML+JSON run)",
                    t_pdf,
                    (t_pdf - t_diag) / t_diag,
                )
            )
        rows.append((f"{n:,} respondents: peak memory of diagnose (MiB)", peak_of(diag), None))
    batch_dir = DATA / "batch"
    for i in range(BATCH_TRUSTS):
        book = batch_dir / f"trust-{i:02d}.xlsx"
        if not book.exists():
            synthetic_trust(book, BATCH_SIZE, SEED + i, code=f"R{i:02d}")
    one = [
        *cli,
        "batch",
        str(batch_dir),
        "-o",
        str(OUT / "batch"),
        "--format",
        "html,json",
        "--force",
        "-j",
        "1",
    ]
    two = [*one[:-1], "2"]
    t_one, _ = measure(one, max(1, args.runs - 1))
    t_two, _ = measure(two, max(1, args.runs - 1))
    rows += [
        (f"batch of {BATCH_TRUSTS} trusts, 1 job", t_one, None),
        (f"batch of {BATCH_TRUSTS} trusts, 2 jobs", t_two, t_one / t_two),
    ]
    t_click, _ = measure([sys.executable, "-c", "import click"], args.runs * 2)
    t_help, _ = measure([*cli, "--help"], args.runs * 2)
    rows += [
        ("python -c 'import click'", t_click, None),
        ("culturekit --help", t_help, t_help / t_click),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'median':>9}  {'ratio':>6}")
    for name, value, ratio in rows:
        unit = "MiB" if "memory" in name else "s"
        ratio_text = f"{ratio:6.2f}" if ratio is not None else ""
        print(f"{name.ljust(width)}  {value:8.2f}{unit:<1}  {ratio_text}")
    print(
        "\nratios: diagnose/bare read (target <= 2), PDF's added time/HTML run (target <= 1.5), "
        "batch 1 job/2 jobs (target >= 1.7), --help/import click (target <= 1.5)"
    )


if __name__ == "__main__":
    main()
