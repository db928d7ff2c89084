"""Every collection of a trend through one disclosure-control layer.

A trend publishes each collection's groups beside the changes between adjacent ones, so a
collection sits in two comparisons at once: were each pair protected on its own, a
collection could hide one group in one pair and another in the next, and together the
two would give a small group back by differencing. Every collection of a source is
therefore protected together (:func:`~culturekit.privacy.linked.protect_together`),
starting from what each pair's own comparison withholds, so the trend never shows a
figure that ``culturekit compare`` of any adjacent pair hides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from culturekit.comparison.disclosure import protect_collections
from culturekit.comparison.groups import Column
from culturekit.comparison.sides import Side
from culturekit.framework.model import Framework
from culturekit.names import normalise_name
from culturekit.privacy.linked import SourceProtection, Withheld, protect_together
from culturekit.results import DisclosureAudit
from culturekit.scoring.disclosure import disclosure_audit, survey_source

# Per source, one protection per collection, in period order.
TrendProtections = dict[str, list[SourceProtection]]


def shared_items(sides: Sequence[Side], source: str) -> dict[str, str]:
    """The items every collection asks, under the latest collection's codes, by element."""
    codes = [{normalise_name(c) for c in s.data.surveys[source].codes.columns} for s in sides]
    return {
        i.code: element
        for element, present in sides[-1].scored[source].items.items()
        for i in present
        if all(normalise_name(i.code) in found for found in codes)
    }


def protect_trend(
    sides: Sequence[Side],
    pair_columns: Sequence[Mapping[str, list[Column]]],
    keys: Mapping[str, list[str]],
    framework: Framework,
    threshold: int,
) -> TrendProtections:
    """Each source's protection in every collection, over ``keys[source]`` (the grouping
    columns every pair compares) and the items every collection asks.

    ``pair_columns[i]`` are the columns the comparison of sides ``i`` and ``i + 1``
    compares; that comparison's own protection is the starting point."""
    found: TrendProtections = {}
    for source, columns in keys.items():
        items = shared_items(sides, source)
        seed = Withheld()
        for i, compared in enumerate(pair_columns):
            pair = protect_collections(
                sides[i], sides[i + 1], {source: compared[source]}, framework, threshold
            )[source]
            for protection in pair:
                seed = seed | _within(protection.withheld, columns, items)
        collections = [
            survey_source(s.data.surveys[source], s.scored[source], framework, columns, items=items)
            for s in sides
        ]
        found[source] = protect_together(
            collections,
            threshold,
            tolerance=framework.rules.disclosure_tolerance,
            already=seed,
        )
    return found


def _within(withheld: Withheld, columns: Sequence[str], items: Mapping[str, str]) -> Withheld:
    """What a pair withholds among the trend's columns and items (the rest is not shown)."""
    wanted = {normalise_name(c) for c in items}
    return Withheld(
        frozenset(g for g in withheld.groups if g[0] in columns),
        frozenset(c for c in withheld.cells if c[0] in columns),
        frozenset(i for i in withheld.items if normalise_name(i[1]) in wanted),
        withheld.totals,
    )


def trend_audits(
    protections: TrendProtections,
    periods: Sequence[str],
    framework: Framework,
    threshold: int,
) -> list[DisclosureAudit]:
    """The audit of each collection (named by its period), source by source."""
    return [
        disclosure_audit(protection, framework, period, threshold=threshold)
        for found in protections.values()
        for period, protection in zip(periods, found, strict=True)
    ]
