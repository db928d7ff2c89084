"""Both collections of a comparison through one disclosure-control layer.

The comparison publishes each collection's groups and items side by side with their
changes, so a figure hidden in one collection would come back through the other, or
through the change. Both collections are therefore protected together
(:func:`~culturekit.privacy.linked.protect_comparison`): what either withholds, both
withhold, and both are audited with it.
"""

from __future__ import annotations

from collections.abc import Mapping

from culturekit.comparison.groups import Column
from culturekit.comparison.sides import Side
from culturekit.framework.model import Framework
from culturekit.names import normalise_name
from culturekit.privacy.linked import SourceProtection
from culturekit.results import DisclosureAudit
from culturekit.scoring.disclosure import disclosure_audit, protect_sides, survey_source

Protections = dict[str, tuple[SourceProtection, SourceProtection]]


def protect_collections(
    a: Side, b: Side, columns: Mapping[str, list[Column]], framework: Framework, threshold: int
) -> Protections:
    """Each compared source's protection, (pre, post), over its compared columns and the
    items both collections ask (under the post collection's codes)."""
    found: Protections = {}
    for source, compared in columns.items():
        keys = [c.key for c in compared]
        pre_codes = {normalise_name(c) for c in a.data.surveys[source].codes.columns}
        items = {
            i.code: e
            for e, present in b.scored[source].items.items()
            for i in present
            if normalise_name(i.code) in pre_codes
        }
        pre = survey_source(a.data.surveys[source], a.scored[source], framework, keys, items=items)
        post = survey_source(b.data.surveys[source], b.scored[source], framework, keys, items=items)
        found[source] = protect_sides(pre, post, framework, threshold)
    return found


def audits(protections: Protections, framework: Framework, threshold: int) -> list[DisclosureAudit]:
    """The audit of each collection, source by source, as the comparison reports it."""
    return [
        disclosure_audit(protection, framework, collection, threshold=threshold)
        for pair in protections.values()
        for collection, protection in zip(("pre", "post"), pair, strict=True)
    ]
