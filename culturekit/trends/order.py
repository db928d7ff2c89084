"""Which collections make a trend, and in what order.

A trend follows one trust: collections of different trusts, of the same period, or read
from the same files are refused. They are put in period order whatever order they are
given in: by the Trust sheet's ``collected_on`` date when every collection has one, else
by the first year written in each period ("2025 baseline", "2026/27"); when neither tells
two collections apart, the trend is refused rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations

from culturekit.errors import ComparisonError
from culturekit.ingest.models import TrustData
from culturekit.names import normalise_label

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
# Fewer than two collections have no change to follow.
MIN_COLLECTIONS = 2


def check_collections(collections: Sequence[TrustData]) -> None:
    """Refuse a set of collections that cannot make one trust's trend."""
    if len(collections) < MIN_COLLECTIONS:
        raise ComparisonError(
            f"a trend needs at least {MIN_COLLECTIONS} collections of one trust; "
            f"{len(collections)} given"
        )
    codes = {c.trust.code for c in collections}
    if len(codes) > 1:
        found = ", ".join(f"{c.trust.code} ({c.trust.name})" for c in collections)
        raise ComparisonError(
            f"the collections are of different trusts: {found}; a trend follows one trust",
            hint="Give the collections of one trust only.",
        )
    for a, b in combinations(collections, 2):
        if normalise_label(a.trust.period) == normalise_label(b.trust.period):
            raise ComparisonError(
                f"two collections have the period {a.trust.period!r}: each collection of a "
                "trend must have a period of its own",
                hint="Check the period field on each workbook's Trust sheet.",
            )
        hashes = sorted(i.sha256 for i in a.inputs)
        if hashes and hashes == sorted(i.sha256 for i in b.inputs):
            raise ComparisonError(
                f"the collections {a.trust.period!r} and {b.trust.period!r} were read from "
                "identical input files (same sha256): a trend needs different collections"
            )


def in_period_order(collections: Sequence[TrustData]) -> list[TrustData]:
    """The collections, earliest first (see the module's rule)."""
    check_collections(collections)
    if all(c.trust.collected_on is not None for c in collections):
        keyed = [((c.trust.collected_on,), c) for c in collections]
        basis = "collected_on date"
    else:
        keyed = [(_year(c), c) for c in collections]
        basis = "the year in its period"
    for (ka, a), (kb, b) in combinations(keyed, 2):
        if ka == kb:
            raise ComparisonError(
                f"the order of the collections {a.trust.period!r} and {b.trust.period!r} "
                f"cannot be told from {basis}",
                hint="Give each workbook's Trust sheet a collected_on date.",
            )
    return [c for _, c in sorted(keyed, key=lambda pair: pair[0])]


def _year(collection: TrustData) -> tuple[int, ...]:
    found = _YEAR.search(collection.trust.period)
    if found is None:
        raise ComparisonError(
            f"the collection {collection.trust.period!r} has neither a collected_on date nor "
            "a year in its period, so its place in the trend cannot be told",
            hint="Give each workbook's Trust sheet a collected_on date.",
        )
    return (int(found.group(1)),)
