"""Northwick's third collection, a review a year after the follow-up, for trend tests.

Made by examples/generate.py as the bundled examples are (its own random stream, so its
answers differ from both the baseline's and the follow-up's).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from pathlib import Path

from helpers.workbooks import EXAMPLES

REVIEW_PERIOD = "2027 review"


def build_review(path: Path) -> Path:
    """Write Northwick's review collection to ``path``."""
    sys.path.insert(0, str(EXAMPLES))
    try:
        import generate
        from profiles import TRUSTS
    finally:
        sys.path.remove(str(EXAMPLES))
    trust = next(t for t in TRUSTS if t.slug == "northwick")
    post = next(c for c in trust.collections if c.key == "post")
    later = dataclasses.replace(
        post,
        key="review",
        period=REVIEW_PERIOD,
        collected_on=dt.date(2027, 3, 12),
        first_respondent_id=270001,
        dashboard_period="2026/27",
    )
    generate.save_reproducibly(
        generate.build_workbook(trust, later, generate.default_framework()), path
    )
    return path
