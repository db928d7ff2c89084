"""Benchmark reading: big legitimate workbooks, and every bad input of the tests' corpus.

    python bench/reading.py                       # everything
    python bench/reading.py --only row-limit,wide-board
    python bench/reading.py --corpus-only         # the corpus of tests/bad_inputs.py
    python bench/reading.py --code ../other-tree  # the culturekit of another checkout

Each figure is one ``culturekit validate`` in a fresh process (Python start-up included):
its wall time and its peak memory (largest resident set), measured from a parent
process of its own. The workbooks are generated once into bench/data/reading/ (git-ignored)
and reused:

* row-limit: a Staff sheet at the xlsx row limit, 1,048,575 answers (9 columns, within
  the 10,000,000 cells a sheet may hold);
* wide-board: a Board sheet 16,384 columns wide (A to XFD), 600 members;
* unused-sheets: ten sheets the input format does not use, of 99 MiB each, beside a
  small trust (997 MiB in all, each part within every limit);
* beyond-xfd: one value in ZZZ500, a column beyond XFD, beside a small Staff sheet;
* the corpus: every case of tests/bad_inputs.py that culturekit refuses or accepts,
  reporting the slowest and the largest (the target: none above 10 s or 1 GiB).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data" / "reading"
sys.path.insert(0, str(ROOT / "tests"))

from bad_inputs import CASES, TRUST_ROWS, rows_xml, write_xlsx  # noqa: E402
from helpers.workbooks import BOARD_ITEMS, STAFF_ITEMS  # noqa: E402

GROUPS = ("Nursing", "Medical", "Admin", "AHP", "Estates")

# A parent process that runs the command, then reports its wall time, CPU time, peak
# memory and exit code (-1 when it was stopped after the timeout: an input that waits).
_PROBE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
try:
    code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          timeout=float(sys.argv[1])).returncode
except subprocess.TimeoutExpired:
    code = -1
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code]))
"""


def measure(args: list[str], code: Path, timeout: float = 600) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak MiB and exit code of ``culturekit ARGS`` in a fresh
    process. CPU time is given too: on a busy machine it varies less than wall time."""
    # Run from the checkout itself: ``python -m`` puts the current folder first on the path.
    env = {**os.environ, "PYTHONPATH": str(code)}
    command = [sys.executable, "-m", "culturekit.cli", *args]
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(timeout), *command],
        env=env,
        cwd=code,
        capture_output=True,
        text=True,
    )
    seconds, cpu, peak, exit_code = json.loads(out.stdout)
    return seconds, cpu, peak, exit_code


def _rows(first: int, last: int, render: Callable[[int], str]) -> Iterator[str]:
    step = 20_000
    for start in range(first, last + 1, step):
        yield "".join(render(r) for r in range(start, min(start + step, last + 1)))


def row_limit(path: Path, items: int = 8, answers: int = 1_048_575) -> Path:
    header = ["staff_group", *STAFF_ITEMS[:items]]
    letters = [chr(66 + i) for i in range(items)]

    def row(r: int) -> str:
        group = GROUPS[r % len(GROUPS)]
        cells = "".join(
            f'<c r="{x}{r}"><v>{1 + (r + i) % 5}</v></c>' for i, x in enumerate(letters)
        )
        return f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{group}</t></is></c>{cells}</row>'

    def body() -> Iterator[str]:
        yield rows_xml([header]).removesuffix("</sheetData>")
        yield from _rows(2, answers + 1, row)
        yield "</sheetData>"

    return write_xlsx(path, {"Trust": TRUST_ROWS, "Staff": body})


def wide_board(path: Path, columns: int = 16_384, members: int = 600) -> Path:
    from bad_inputs import column_letter

    extra = columns - 1 - len(BOARD_ITEMS)
    header = ["role", *BOARD_ITEMS, *(f"note_{i}" for i in range(extra))]
    letters = [column_letter(i) for i in range(columns)]

    def row(r: int) -> str:
        values = [*(1 + (r + i) % 5 for i in range(len(BOARD_ITEMS))), *([r % 7] * extra)]
        cells = "".join(f'<c r="{letters[i + 1]}{r}"><v>{v}</v></c>' for i, v in enumerate(values))
        return f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>executive</t></is></c>{cells}</row>'

    def body() -> Iterator[str]:
        yield rows_xml([header]).removesuffix("</sheetData>")
        yield from _rows(2, members + 1, row)
        yield "</sheetData>"

    staff = [["staff_group", *STAFF_ITEMS]] + [
        [GROUPS[i % 5], *[1 + i % 5] * len(STAFF_ITEMS)] for i in range(12)
    ]
    return write_xlsx(path, {"Trust": TRUST_ROWS, "Staff": staff, "Board": body})


def unused_sheets(path: Path, count: int = 10, size: int = 99 << 20) -> Path:
    staff = [["staff_group", *STAFF_ITEMS]] + [
        [GROUPS[i % 5], *[1 + i % 5] * len(STAFF_ITEMS)] for i in range(12)
    ]
    # Rows of notes repeating within the compressor's reach: each part compresses about
    # 80 times (12 MB on disk in all), each part under every limit of the zip's directory.
    block = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>note {r % 97}</t></is></c></row>'
        for r in range(1, 201)
    )

    def notes() -> Iterator[str]:
        yield "<sheetData>"
        for _ in range(size // len(block)):
            yield block
        yield "</sheetData>"

    sheets = {"Trust": TRUST_ROWS, "Staff": staff, **{f"Notes {i}": notes for i in range(count)}}
    return write_xlsx(path, sheets)


def beyond_xfd(path: Path, row: int = 500) -> Path:
    """A small Staff sheet and one value in column ZZZ (18,278, beyond XFD) of row 500: a
    reach within the cells a sheet may hold, by a reference no worksheet has."""
    staff = [["staff_group", *STAFF_ITEMS]] + [
        [GROUPS[i % 5], *[1 + i % 5] * len(STAFF_ITEMS)] for i in range(12)
    ]
    far = f'<row r="{row}"><c r="ZZZ{row}"><v>1</v></c></row></sheetData>'
    body = rows_xml(staff).replace("</sheetData>", far)
    return write_xlsx(path, {"Trust": TRUST_ROWS, "Staff": body})


BIG: dict[str, tuple[Callable[[Path], Path], str]] = {
    "row-limit": (row_limit, "1,048,575 staff answers (9 columns): validate"),
    "wide-board": (wide_board, "a Board sheet 16,384 columns wide, 600 members: validate"),
    "unused-sheets": (unused_sheets, "ten unused sheets of 99 MiB (997 MiB in all): validate"),
    "beyond-xfd": (beyond_xfd, "a value in ZZZ500, beyond column XFD: validate"),
}


def corpus(code: Path) -> list[tuple[str, float, float, float, int]]:
    """Every case of the corpus through ``validate``: (id, seconds, CPU, MiB, exit code)."""
    results = []
    for case in CASES:
        folder = DATA / "corpus" / case.id
        if folder.exists():
            import shutil

            shutil.rmtree(folder)
        built = case.build(folder)
        results.append((case.id, *measure(["validate", *built.args], code, timeout=60)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(BIG), help="big cases to run")
    parser.add_argument("--corpus-only", action="store_true")
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to measure")
    args = parser.parse_args()
    code = args.code.resolve()
    DATA.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, float, float, float, int]] = []
    if not args.corpus_only:
        for name in [n for n in args.only.split(",") if n]:
            build, what = BIG[name]
            path = DATA / f"{name}.xlsx"
            if not path.exists():
                print(f"generating {path.name} ...", file=sys.stderr)
                started = time.perf_counter()
                build(path)
                print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr)
            rows.append((what, *measure(["validate", str(path)], code)))
    if not args.no_corpus:
        found = corpus(code)
        slowest = max(found, key=lambda r: r[1])
        largest = max(found, key=lambda r: r[3])
        rows.append((f"corpus, slowest ({slowest[0]})", *slowest[1:]))
        rows.append((f"corpus, largest ({largest[0]})", *largest[1:]))
        crashed = [r for r in found if r[4] not in (0, 3, 4, 5, 6, 7)]
        rows.append((f"corpus: {len(found)} cases; crashed or waited: {len(crashed)}", 0, 0, 0, 0))
        rows += [(f"  {case_id}", *figures) for case_id, *figures in crashed]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'wall s':>7}  {'CPU s':>7}  {'peak MiB':>8}  exit")
    for what, seconds, cpu, peak, exit_code in rows:
        print(f"{what.ljust(width)}  {seconds:7.2f}  {cpu:7.2f}  {peak:8.0f}  {exit_code:4d}")


if __name__ == "__main__":
    main()
