"""Time the linked-table audit on a generated survey source.

    python bench/audit.py                       # 10,000 respondents, 3 runs
    python bench/audit.py --respondents 1000 --runs 5
    python bench/audit.py --diagnose            # a whole diagnose, with and without
    python bench/audit.py --examples            # the same for the bundled examples

The source has eight grouping columns of 2 to 12 groups with skewed sizes (so that small
groups exist in most columns, and one column rolls another up), six elements of five items
each, and some respondents not scored on some elements. The median of the runs is printed
with the audit's own figures.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

from culturekit.privacy.linked import ItemAnswers, SurveySource, protect_source

SEED = 20261201
COLUMNS = {"staff_group": 6, "band": 12, "ethnicity": 9, "gender": 3, "disability": 3}
COLUMNS |= {"directorate": 10, "age_band": 7}


def generated(respondents: int, seed: int = SEED) -> SurveySource:
    rng = np.random.default_rng(seed)
    groups: dict[str, np.ndarray] = {}
    for column, k in COLUMNS.items():
        weights = rng.dirichlet(np.full(k, 0.6))
        labels = np.array([f"{column} {i}" for i in range(k)])
        groups[column] = labels[rng.choice(k, size=respondents, p=weights)]
    # A roll-up of ethnicity: the first two groups are "White", the rest "BME".
    groups["ethnicity_group"] = np.where(
        np.isin(groups["ethnicity"], ["ethnicity 0", "ethnicity 1"]), "White", "BME"
    )
    frame = pd.DataFrame(groups)
    scored, scores, items = {}, {}, {}
    for e in range(6):
        element = f"element_{e}"
        mask = rng.random(respondents) > 0.03
        scored[element] = mask
        scores[element] = np.where(mask, rng.uniform(0, 10, respondents), np.nan)
        answers = []
        for i in range(5):
            answered = mask & (rng.random(respondents) > 0.05 + 0.2 * (i == 4))
            codes = rng.integers(1, 6, respondents)
            answers.append(
                ItemAnswers(
                    f"{element}_q{i}", answered, answered & (codes >= 4), answered & (codes <= 2)
                )
            )
        items[element] = answers
    return SurveySource("staff", frame, scored, scores, items)


def diagnose_share(respondents: int, runs: int) -> None:
    """Time diagnose on bench/run.py's synthetic trust, and the audit's share of it.

    protect_source (the survey audit) and the workforce audit's programmes (audit_table
    and release, called from the workforce tables' suppression) are wrapped where the
    diagnosis calls them, so the audit is timed inside a real run; "without" is the run
    less that time (an upper bound on the audit's cost, since protect_source also applies
    the suppression rules a diagnosis needs anyway).
    """
    from pathlib import Path

    import culturekit
    from bench.run import DATA, synthetic_trust
    from bench.run import SEED as TRUST_SEED

    book = DATA / f"trust-{respondents}.xlsx"
    if not book.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        synthetic_trust(Path(book), respondents, TRUST_SEED)
    share(culturekit.load(book), f"{respondents} respondents", runs)


def share(data, label: str, runs: int) -> None:
    """Print the audit's share of diagnosing ``data`` (loaded), median of ``runs``."""
    import culturekit
    import culturekit.scoring.disclosure as disclosure
    import culturekit.scoring.workforce.linked as workforce

    spent: list[float] = []
    wrapped = [(disclosure, "protect_source"), (workforce, "audit_table"), (workforce, "release")]
    real = {name: getattr(module, name) for module, name in wrapped}

    def timer(function):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent.append(time.perf_counter() - start)

        return timed

    for module, name in wrapped:
        setattr(module, name, timer(real[name]))
    totals, audits = [], []
    try:
        for _ in range(runs):
            spent.clear()
            start = time.perf_counter()
            culturekit.diagnose(data)
            totals.append(time.perf_counter() - start)
            audits.append(sum(spent))
    finally:
        for module, name in wrapped:
            setattr(module, name, real[name])
    total, audit = statistics.median(totals), statistics.median(audits)
    print(f"diagnose of {label} (loaded data), median of {runs} runs:")
    print(f"  with the audit    {total:.3f} s")
    print(f"  without the audit {total - audit:.3f} s")
    print(f"  the audit         {audit:.3f} s = {100 * audit / (total - audit):.1f}% of the run")


def examples_share(runs: int) -> None:
    """The same for each bundled example workbook."""
    from pathlib import Path

    import culturekit

    for book in sorted((Path(__file__).resolve().parents[1] / "examples").glob("*-p*.xlsx")):
        share(culturekit.load(book), book.name, runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threshold", type=int, default=11)
    parser.add_argument(
        "--diagnose", action="store_true", help="time a whole diagnose with and without the audit"
    )
    parser.add_argument(
        "--examples", action="store_true", help="the same for each bundled example workbook"
    )
    options = parser.parse_args()
    if options.diagnose:
        diagnose_share(options.respondents, options.runs)
        return
    if options.examples:
        examples_share(options.runs)
        return
    source = generated(options.respondents)
    times = []
    for _ in range(options.runs):
        start = time.perf_counter()
        protection = protect_source(source, options.threshold)
        times.append(time.perf_counter() - start)
    summary = protection.summary
    small = sum(
        int((source.groups[c].value_counts() < options.threshold).sum())
        for c in source.groups.columns
    )
    print(
        f"{options.respondents} respondents, {source.groups.shape[1]} grouping columns, "
        f"{len(source.scored)} elements, {small} small groups"
    )
    print(
        f"audit and suppression: median {statistics.median(times):.3f} s over {options.runs} runs"
    )
    print(
        f"cells checked {summary.cells_checked}, extra suppressions {summary.extra_suppressions}, "
        f"rounds {summary.rounds}, disclosed left {len(summary.disclosed)}"
    )
    print(f"narrowest count interval {summary.narrowest_count}, mean {summary.narrowest_mean}")
    withheld = protection.withheld
    print(
        f"withheld: {len(withheld.groups)} groups, {len(withheld.cells)} cells, "
        f"{len(withheld.items)} items, {len(withheld.totals)} element totals"
    )


if __name__ == "__main__":
    main()
