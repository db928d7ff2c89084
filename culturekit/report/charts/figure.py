"""The figure every chart is drawn on: matplotlib set up once, saved as deterministic SVG
with its text kept as text."""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass

from culturekit.errors import OutputError
from culturekit.report import palette
from culturekit.report.presentation.safe_text import html_text

_SVG_HEAD = re.compile(r"^.*?(<svg\b)", re.S)
_LABEL = re.compile(r'^<svg role="img" aria-label="([^"]*)"')


def pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "culturekit",
            "font.family": "sans-serif",
            "font.sans-serif": ["Arial", "Liberation Sans", "Helvetica", "DejaVu Sans"],
            "font.size": 9,
            "axes.edgecolor": palette.MID_GREY,
            "axes.labelcolor": palette.TEXT,
            "xtick.color": palette.TEXT,
            "ytick.color": palette.TEXT,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return plt


def to_svg(fig: object, title: str) -> str:
    plt = pyplot()
    buffer = io.StringIO()
    try:
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})  # type: ignore[attr-defined]
    except Exception as exc:  # matplotlib's failures are not one exception class
        raise OutputError(f"a chart could not be drawn ({title[:60]}): {exc}") from exc
    finally:
        plt.close(fig)  # type: ignore[arg-type]
    svg = _SVG_HEAD.sub(r"\1", buffer.getvalue(), count=1)
    # The figure is described by its caption and data table; screen readers skip the SVG.
    # The description quotes the input (a trust's name): no control character may reach
    # the SVG, which the PDF reads as XML.
    label = _attr(html_text(title))
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return svg


def chart_description(svg: str) -> str:
    """The description :func:`to_svg` gave a chart: the PDF's alternative text for it is
    the HTML's ``aria-label``, word for word."""
    found = _LABEL.match(svg)
    if found is None:
        raise ValueError("not a chart drawn by culturekit: it has no description")
    return html.unescape(found.group(1))


def _attr(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


@dataclass(frozen=True)
class Interval:
    """One dot (and its interval, when it has one) of a dot-and-interval chart."""

    label: str
    value: float
    low: float | None
    high: float | None
    colour: str
    marker: str
