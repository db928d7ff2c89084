"""Native PowerPoint charts from a deck's chart data, editable by the trust.

A native chart carries its figures twice: in the chart's XML and in a small workbook
embedded beside it (PowerPoint's "Edit data"). Both are written from the deck's figures
as shown; a hidden figure is ``None`` and is a gap in both. The workbook's cells are text
or numbers, never formulas, whatever a name holds, and it is dated with the deck's
timestamp so the deck is reproducible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.oxml.ns import qn
from pptx.util import Pt
from xlsxwriter import Workbook

from culturekit.report import palette
from culturekit.report.presentation.deck import Chart, Series
from culturekit.report.slides.master import FONT, rgb
from culturekit.report.slides.text import clean

CHART_TEXT = 14
LABEL_TEXT = 14
_MARKERS = {"o": XL_MARKER_STYLE.CIRCLE, "D": XL_MARKER_STYLE.DIAMOND, "s": XL_MARKER_STYLE.SQUARE}
_LINE_MARKERS = ("D", "o", "s")


class _Workbook(CategoryWorkbookWriter):
    """The embedded workbook: strings kept as strings, dated with the deck."""

    def __init__(self, chart_data: Any, stamp: dt.datetime) -> None:
        super().__init__(chart_data)
        self._stamp = stamp

    @contextmanager
    def _open_worksheet(self, xlsx_file: Any) -> Iterator[tuple[Any, Any]]:
        options = {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        }
        workbook = Workbook(xlsx_file, options)
        workbook.set_properties({"created": self._stamp})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class _ChartData(CategoryChartData):
    def __init__(self, number_format: str, stamp: dt.datetime) -> None:
        super().__init__(number_format)
        self._stamp = stamp

    @property
    def _workbook_writer(self) -> _Workbook:  # type: ignore[override]
        return _Workbook(self, self._stamp)


def _values(series: Series) -> list[float | None]:
    # The chart's XML holds each figure as written: 6.60 shown is 6.6 stored.
    return [None if v is None else float(v) for v in series.values]


def chart_data(chart: Chart, stamp: dt.datetime) -> CategoryChartData:
    data = _ChartData(chart.number_format, stamp)
    data.categories = [clean(c) for c in chart.categories]
    for series in chart.series:
        data.add_series(clean(series.name), _values(series), chart.number_format)
    return data


def _error_bars(ser: Any, series: Series, colour: str) -> None:
    """Custom error bars from the figures' reach below and above (the interval shown)."""
    if series.minus is None or series.plus is None:
        return
    if all(m is None for m in series.minus):
        return
    bars = etree.Element(qn("c:errBars"))
    etree.SubElement(bars, qn("c:errBarType"), val="both")
    etree.SubElement(bars, qn("c:errValType"), val="cust")
    etree.SubElement(bars, qn("c:noEndCap"), val="0")
    for tag, reach in (("c:plus", series.plus), ("c:minus", series.minus)):
        side = etree.SubElement(bars, qn(tag))
        literal = etree.SubElement(side, qn("c:numLit"))
        etree.SubElement(literal, qn("c:formatCode")).text = "General"
        etree.SubElement(literal, qn("c:ptCount"), val=str(len(reach)))
        for index, value in enumerate(reach):
            if value is None:
                continue
            point = etree.SubElement(literal, qn("c:pt"), idx=str(index))
            etree.SubElement(point, qn("c:v")).text = _number(value)
    line = etree.SubElement(etree.SubElement(bars, qn("c:spPr")), qn("a:ln"), w="22225")
    fill = etree.SubElement(line, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=colour.lstrip("#").upper())
    # The schema puts error bars after the data labels and before the categories.
    ser.find(qn("c:cat")).addprevious(bars)


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


def _axis_text(axis: Any) -> None:
    axis.tick_labels.font.size = Pt(CHART_TEXT)
    axis.tick_labels.font.name = FONT
    axis.tick_labels.font.color.rgb = rgb(palette.TEXT)
    axis.format.line.color.rgb = rgb(palette.MID_GREY)


def _axis_title(axis: Any, text: str) -> None:
    axis.has_title = True
    frame = axis.axis_title.text_frame
    frame.text = clean(text)
    font = frame.paragraphs[0].runs[0].font
    font.size = Pt(CHART_TEXT)
    font.bold = False
    font.name = FONT
    font.color.rgb = rgb(palette.TEXT)


def _value_axis(plot_chart: Any, chart: Chart) -> None:
    axis = plot_chart.value_axis
    if chart.minimum is not None:
        axis.minimum_scale = chart.minimum
    if chart.maximum is not None:
        axis.maximum_scale = chart.maximum
    if chart.major_unit is not None:
        axis.major_unit = chart.major_unit
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = rgb(palette.PALE_GREY)
    axis.tick_labels.number_format = chart.axis_format
    axis.tick_labels.number_format_is_linked = False
    _axis_text(axis)
    _axis_title(axis, chart.axis_title)


def _legend(plot_chart: Any) -> None:
    plot_chart.has_legend = True
    plot_chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    plot_chart.legend.include_in_layout = False
    plot_chart.legend.font.size = Pt(CHART_TEXT)
    plot_chart.legend.font.name = FONT


def _labels(plot: Any, chart: Chart, position: Any) -> None:
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = chart.number_format
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.position = position
    labels.font.size = Pt(LABEL_TEXT)
    labels.font.name = FONT


def _bar_chart(plot_chart: Any, chart: Chart) -> None:
    plot = plot_chart.plots[0]
    plot.gap_width = 60
    plot.overlap = 0
    categories = plot_chart.category_axis
    # The first element at the top, as in the report's table, with the scale underneath.
    categories.reverse_order = True
    # The value axis crosses at the last category, which reversed is at the bottom.
    crosses = plot_chart._chartSpace.find(".//" + qn("c:valAx")).find(qn("c:crosses"))
    crosses.set("val", "max")
    categories.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    categories.format.line.color.rgb = rgb(palette.MID_GREY)
    categories.has_major_gridlines = False
    _axis_text(categories)
    if chart.labels:
        _labels(plot, chart, XL_LABEL_POSITION.INSIDE_BASE)
    for shown, series in zip(plot.series, chart.series, strict=True):
        shown.format.fill.solid()
        shown.format.fill.fore_color.rgb = rgb(series.colour)
        shown.invert_if_negative = False
        if chart.labels:
            font = shown.data_labels.font
            font.size = Pt(LABEL_TEXT)
            font.bold = True
            font.color.rgb = rgb(palette.contrast_ink(series.colour))
            shown.data_labels.number_format = chart.number_format
            shown.data_labels.number_format_is_linked = False
            shown.data_labels.show_value = True
            shown.data_labels.position = XL_LABEL_POSITION.INSIDE_BASE
        _error_bars(shown._element, series, palette.BLACK)


def _line_chart(plot_chart: Any, chart: Chart) -> None:
    plot = plot_chart.plots[0]
    categories = plot_chart.category_axis
    categories.format.line.color.rgb = rgb(palette.MID_GREY)
    _axis_text(categories)
    if chart.labels:
        _labels(plot, chart, XL_LABEL_POSITION.ABOVE)
    for index, (shown, series) in enumerate(zip(plot.series, chart.series, strict=True)):
        shown.smooth = False
        shown.format.line.color.rgb = rgb(series.colour)
        shown.format.line.width = Pt(2.5)
        marker = shown.marker
        marker.style = _MARKERS[_LINE_MARKERS[index % len(_LINE_MARKERS)]]
        marker.size = 9
        marker.format.fill.solid()
        marker.format.fill.fore_color.rgb = rgb(series.colour)
        marker.format.line.color.rgb = rgb("#FFFFFF")
        if chart.labels:
            font = shown.data_labels.font
            font.size = Pt(LABEL_TEXT)
            font.color.rgb = rgb(series.colour)
            shown.data_labels.number_format = chart.number_format
            shown.data_labels.number_format_is_linked = False
            shown.data_labels.show_value = True
            shown.data_labels.position = XL_LABEL_POSITION.ABOVE
    # A hidden figure is a gap in the line, never a point at 0.
    space = plot_chart._chartSpace.chart
    blanks = space.find(qn("c:dispBlanksAs"))
    if blanks is None:
        blanks = etree.SubElement(space, qn("c:dispBlanksAs"))
        space.find(qn("c:plotVisOnly")).addnext(blanks)
    blanks.set("val", "gap")


def add_chart(shapes: Any, chart: Chart, box: tuple[int, int, int, int], stamp: dt.datetime) -> Any:
    """``chart`` as a native chart in ``box`` (left, top, width, height), with its text
    alternative; returns the graphic frame."""
    kind = XL_CHART_TYPE.BAR_CLUSTERED if chart.kind == "bar" else XL_CHART_TYPE.LINE_MARKERS
    frame = shapes.add_chart(kind, *box, chart_data(chart, stamp))
    plot_chart = frame.chart
    plot_chart.font.size = Pt(CHART_TEXT)
    plot_chart.font.name = FONT
    plot_chart.font.color.rgb = rgb(palette.TEXT)
    plot_chart.has_title = False
    if chart.kind == "bar":
        _bar_chart(plot_chart, chart)
    else:
        _line_chart(plot_chart, chart)
    _value_axis(plot_chart, chart)
    _legend(plot_chart)
    describe(frame, chart.description, "Chart")
    return frame


def describe(frame: Any, text: str, kind: str) -> None:
    """A graphic's text alternative (``descr``), read by screen readers."""
    properties = frame._element.xpath("./*[1]/p:cNvPr")[0]
    properties.set("descr", clean(text))
    properties.set("name", f"{kind} {properties.get('id')}")
