"""The figure every chart is drawn on: a matplotlib figure on its SVG canvas (no pyplot,
no global state), saved as deterministic SVG with its text kept as text."""

from __future__ import annotations

import functools
import html
import io
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from culturekit.errors import OutputError
from culturekit.report import palette
from culturekit.report.presentation.safe_text import html_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

P = ParamSpec("P")
R = TypeVar("R")

_SVG_HEAD = re.compile(r"^.*?(<svg\b)", re.S)
_LABEL = re.compile(r'^<svg role="img" aria-label="([^"]*)"')


# culturekit's look, applied while one of its charts is drawn and saved (and only then:
# a program drawing its own charts beside culturekit keeps its settings).
STYLE: dict[str, Any] = {
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
# SVG is laid out at 72 dots per inch (a dot is a point): the figure is drawn at the
# resolution it is saved at.
DPI = 72
# Inches of room round the plot's labels and the legend (matplotlib's default pad).
PAD = 3 / 72


def preload() -> None:
    """Import what drawing a chart needs (matplotlib's figure and its SVG canvas only:
    no pyplot, no interactive backend), and find its font."""
    import matplotlib
    import matplotlib.backends.backend_svg
    import matplotlib.figure
    import matplotlib.lines
    from matplotlib.font_manager import FontProperties, findfont, get_font

    # Finding the charts' font scores every installed font (60 ms): done here, it is
    # cached for the first chart.
    with matplotlib.rc_context(STYLE):
        get_font(findfont(FontProperties()))


# The former name, which the batch's preloading calls.
pyplot = preload


# matplotlib's settings are one global: a chart drawn in one thread while another thread's
# chart ends its rc_context would be drawn in other settings. Charts are drawn one at a
# time in a process (re-entrant: a chart may draw another).
_DRAWING = threading.RLock()


def chart(draw: Callable[P, R]) -> Callable[P, R]:
    """A chart drawn with :data:`STYLE`, which holds for its drawing and saving alone."""

    @functools.wraps(draw)
    def drawing(*args: P.args, **kwargs: P.kwargs) -> R:
        import matplotlib

        with _DRAWING, matplotlib.rc_context(STYLE):
            return draw(*args, **kwargs)

    return drawing


def new_figure(width: float, height: float) -> tuple[Figure, Axes]:
    """A figure of one plot, ``width`` by ``height`` inches, laid out by :func:`to_svg`."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI)
    return fig, fig.subplots()


def lay_out(fig: Figure) -> None:
    """Place the plot so that its labels, ticks, notes and the legend below it fit the
    figure, with :data:`PAD` all round and between the plot and the legend.

    The same room as matplotlib's constrained layout gives one plot, measured once with
    the SVG renderer's own text metrics instead of on every draw: the labels' extents
    do not depend on where the plot is, so one measure places it.
    """
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.transforms import Bbox

    (ax,) = fig.axes
    width, height = fig.get_size_inches()
    renderer = RendererSVG(width * DPI, height * DPI, io.StringIO())
    to_figure = fig.transFigure.inverted()
    w_pad, h_pad = PAD / width, PAD / height
    below = 0.0
    for legend in fig.legends:
        below += to_figure.transform_bbox(legend.get_tightbbox(renderer)).height + 2 * h_pad
    ticks = None
    while ticks != (ticks := _ticks(ax)):
        # Again when the plot's new size has other ticks: their labels may be wider.
        plot = ax.get_position()
        drawn = to_figure.transform_bbox(ax.get_tightbbox(renderer, for_layout_only=True))
        box = Bbox.union([plot, drawn])
        left = w_pad + plot.x0 - box.x0
        right = 1 - w_pad - (box.x1 - plot.x1)
        bottom = below + h_pad + plot.y0 - box.y0
        top = 1 - h_pad - (box.y1 - plot.y1)
        ax.set_position((left, bottom, right - left, top - bottom))


def _ticks(ax: Axes) -> tuple[tuple[float, ...], tuple[float, ...]]:
    return tuple(ax.xaxis.get_majorticklocs()), tuple(ax.yaxis.get_majorticklocs())


def to_svg(fig: Figure, title: str) -> str:
    """The figure, laid out, as SVG text described by ``title``."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buffer = io.StringIO()
    try:
        lay_out(fig)
        FigureCanvasSVG(fig)
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    except Exception as exc:  # matplotlib's failures are not one exception class
        raise OutputError(f"a chart could not be drawn ({title[:60]}): {exc}") from exc
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
