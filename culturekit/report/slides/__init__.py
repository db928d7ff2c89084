"""The board pack: a PowerPoint deck (``report.pptx``, ``compare.pptx``) for a board.

The deck is laid out from the presentation layer's display data
(:mod:`culturekit.report.presentation.deck`): this package places words and figures and
computes none. Charts are native PowerPoint charts, so a trust can restyle and edit them;
every slide is titled in its title placeholder, every chart and table carries a text
alternative, and the trust's name is in every footer. Written with python-pptx and
reproducible: the same result and ``SOURCE_DATE_EPOCH`` give the same bytes.
"""

from __future__ import annotations

from typing import Any

from culturekit.report.excel.workbook import workbook_timestamp
from culturekit.report.presentation.deck import Deck

__all__ = ["render_comparison_pptx", "render_deck", "render_diagnosis_pptx", "render_trend_pptx"]


def render_deck(deck: Deck) -> bytes:
    """``deck`` as the bytes of a .pptx file."""
    import io

    from culturekit.report.slides import master
    from culturekit.report.slides.layout import Builder
    from culturekit.xlsx import restamped

    stamp = workbook_timestamp().replace(tzinfo=None)  # naive UTC, as Office files hold it
    presentation = master.new_presentation(deck.language)
    builder = Builder(presentation, deck, stamp)
    builder.title_slide()
    for slide in deck.slides:
        builder.add(slide)
    builder.finish()
    properties = presentation.core_properties
    properties.title = deck.title
    properties.subject = deck.footer
    properties.author = ""
    properties.last_modified_by = ""
    properties.language = deck.language
    properties.revision = 1
    properties.created = properties.modified = stamp
    buffer = io.BytesIO()
    presentation.save(buffer)
    return restamped(buffer.getvalue(), stamp)


def render_diagnosis_pptx(diagnosis: Any) -> bytes:
    """The board pack of a diagnosis."""
    from culturekit.report.presentation.diagnosis_deck import diagnosis_deck

    return render_deck(diagnosis_deck(diagnosis))


def render_comparison_pptx(comparison: Any) -> bytes:
    """The board pack of a comparison: what changed."""
    from culturekit.report.presentation.comparison_deck import comparison_deck

    return render_deck(comparison_deck(comparison))


def render_trend_pptx(trend: Any) -> bytes:
    """The board pack of a trend: is the culture changing."""
    from culturekit.report.presentation.trend_deck import trend_deck

    return render_deck(trend_deck(trend))
