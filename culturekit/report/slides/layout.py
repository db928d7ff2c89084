"""Slides laid out from a deck's display data: titles, text, tables, cards and charts.

Every slide has its title in the layout's title placeholder (so the outline and screen
readers find it), the trust's name in its footer placeholder and its number in the
slide-number placeholder. Text is set in the largest size that fits its box
(:mod:`.text`), never below 14 pt for body text; text that does not fit even then is
carried over to a continuation slide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from culturekit.report import palette
from culturekit.report.presentation.deck import Box, Deck, Line, Slide, Table
from culturekit.report.slides import master, text
from culturekit.report.slides.charts import add_chart, describe
from culturekit.report.slides.master import (
    CONTENT_BOTTOM,
    CONTENT_TOP,
    CONTENT_WIDTH,
    FONT,
    MARGIN,
    SLIDE_WIDTH,
    TITLE_HEIGHT,
    rgb,
)

BODY_SIZES = (24, 22, 20, 18, 16, 14)
LEAD_SIZES = (20, 18, 16, 14)
TABLE_SIZES = (22, 20, 18, 16, 14)
TITLE_SIZES = (28, 26, 24, 22, 20)
NOTE_SIZE = 14
BULLET_INDENT = 0.32  # inches
INSET = Inches(0.1)
GAP = Inches(0.2)
_SLIDE_NUMBER_FIELD = "{5C1B2B6E-33C4-4B1C-9E7A-4D1F2A6B0C11}"

# (background, heading colour) of a card or table cell of each tone.
TONES: dict[str, tuple[str, str]] = {
    "plain": ("#FFFFFF", palette.TEXT),
    "priority": (palette.PRIORITY_BG, palette.DARK_ORANGE),
    "strength": (palette.STRENGTH_BG, palette.DARK_BLUE),
    "mixed": (palette.NEUTRAL_HEAT, palette.DARK_GREY),
    "flag": (palette.PRIORITY_BG, palette.TEXT),
    "hidden": ("#FFFFFF", palette.DARK_GREY),
}
CARD_BACKGROUND = {"plain": palette.PALE_GREY, "mixed": palette.PALE_GREY}


def points(emu: int) -> float:
    return emu / text.EMU_PER_POINT


# ------------------------------------------------------------------ runs and paragraphs


def _language(run: Any, language: str) -> None:
    run.font._element.set("lang", language)


def _bullet(paragraph: Any, level: int) -> None:
    """A bullet with a hanging indent at level 1; no bullet at level 0."""
    ppr = paragraph._p.get_or_add_pPr()
    for tag in ("a:buNone", "a:buChar", "a:buAutoNum", "a:buFont"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    if level:
        indent = Inches(BULLET_INDENT)
        ppr.set("marL", str(int(indent * level)))
        ppr.set("indent", str(-int(indent)))
        etree.SubElement(ppr, qn("a:buFont"), typeface=FONT)
        etree.SubElement(ppr, qn("a:buChar"), char="•")
    else:
        ppr.set("marL", "0")
        ppr.set("indent", "0")
        etree.SubElement(ppr, qn("a:buNone"))


def write_lines(
    frame: Any,
    lines: Sequence[Line],
    size: float,
    language: str,
    *,
    colour: str = palette.TEXT,
    heading_colour: str | None = None,
    italic: bool = False,
) -> None:
    """``lines`` as the frame's paragraphs, replacing what it held."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for extra in frame.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    first = frame.paragraphs[0]
    for run in list(first.runs):
        run._r.getparent().remove(run._r)
    for index, line in enumerate(lines):
        paragraph = first if index == 0 else frame.add_paragraph()
        _bullet(paragraph, line.level)
        paragraph.space_before = Pt(0 if index == 0 else round(size * 0.5))
        paragraph.line_spacing = 1.0
        run = paragraph.add_run()
        run.text = text.clean(line.text)
        font = run.font
        font.size = Pt(size)
        font.name = FONT
        font.bold = line.bold
        font.italic = italic
        shade = heading_colour if (line.bold and heading_colour) else colour
        font.color.rgb = rgb(shade)
        _language(run, language)


def runs_of(lines: Sequence[Line]) -> list[text.Run]:
    indent = BULLET_INDENT * 72
    return [text.Run(line.text, indent * line.level, line.bold) for line in lines]


def _frame_room(width: int, height: int, frame_insets: tuple[int, int]) -> tuple[float, float]:
    horizontal, vertical = frame_insets
    return points(width - 2 * horizontal), points(height - 2 * vertical)


def _fit(lines: Sequence[Line], width: int, height: int, sizes: Sequence[float]) -> float | None:
    room_width, room_height = _frame_room(width, height, (INSET, Inches(0.05)))
    return text.fitting_size(runs_of(lines), room_width, room_height, sizes)


def text_height(lines: Sequence[Line], size: float, width: int) -> int:
    """The height a text box needs for ``lines`` at ``size``, insets included."""
    room = points(width - 2 * INSET)
    return int(text.height(runs_of(lines), size, room) * text.EMU_PER_POINT) + Inches(0.15)


def add_text(
    shapes: Any,
    lines: Sequence[Line],
    box: tuple[int, int, int, int],
    size: float,
    language: str,
    *,
    colour: str = palette.TEXT,
    italic: bool = False,
    name: str = "Text",
) -> Any:
    shape = shapes.add_textbox(*box)
    shape.name = name
    frame = shape.text_frame
    frame.margin_left = frame.margin_right = INSET
    frame.margin_top = frame.margin_bottom = Inches(0.05)
    write_lines(frame, lines, size, language, colour=colour, italic=italic)
    return shape


# ------------------------------------------------------------------ furniture


def _placeholder(slide: Any, layout: Any, kind: Any) -> Any:
    """The slide's own copy of the layout's ``kind`` placeholder (footer, number)."""
    found = next(p for p in layout.placeholders if p.placeholder_format.type == kind)
    slide.shapes.clone_placeholder(found)
    return next(p for p in slide.placeholders if p.placeholder_format.type == kind)


def _footer_font(font: Any, colour: str) -> None:
    font.size = Pt(master.FOOTER_SIZE)
    font.name = FONT
    font.color.rgb = rgb(colour)


def _furniture(
    slide: Any, layout: Any, footer: str, language: str, colour: str, number: int
) -> None:
    """The footer naming the trust, and the slide's number."""
    shape = _placeholder(slide, layout, PP_PLACEHOLDER.FOOTER)
    shape.text_frame.text = text.clean(footer)
    paragraph = shape.text_frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    _footer_font(paragraph.runs[0].font, colour)
    _language(paragraph.runs[0], language)
    shape = _placeholder(slide, layout, PP_PLACEHOLDER.SLIDE_NUMBER)
    paragraph = shape.text_frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.RIGHT
    field = etree.SubElement(paragraph._p, qn("a:fld"), id=_SLIDE_NUMBER_FIELD, type="slidenum")
    rpr = etree.SubElement(field, qn("a:rPr"), lang=language, sz=str(master.FOOTER_SIZE * 100))
    fill = etree.SubElement(rpr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=colour.lstrip("#").upper())
    etree.SubElement(rpr, qn("a:latin"), typeface=FONT)
    # PowerPoint numbers the field itself; the text is what a reader without it sees.
    etree.SubElement(field, qn("a:t")).text = str(number)


def _title(slide: Any, title: str, language: str) -> None:
    shape = slide.shapes.title
    room = points(SLIDE_WIDTH - 2 * MARGIN)
    run = [text.Run(title, bold=True)]
    size = text.fitting_size(run, room, points(TITLE_HEIGHT) - 8, TITLE_SIZES) or TITLE_SIZES[-1]
    frame = shape.text_frame
    frame.text = text.clean(title)
    font = frame.paragraphs[0].runs[0].font
    font.size = Pt(size)
    _language(frame.paragraphs[0].runs[0], language)


# ------------------------------------------------------------------ the slide kinds


class Builder:
    """Adds a deck's slides to a presentation."""

    def __init__(self, presentation: Any, deck: Deck, stamp: dt.datetime) -> None:
        self.presentation = presentation
        self.deck = deck
        self.stamp = stamp
        self.language = deck.language

    def new(self, layout_name: str, title: str) -> Any:
        layout = master.layout(self.presentation, layout_name)
        slide = self.presentation.slides.add_slide(layout)
        _title(slide, title, self.language)
        return slide

    # -- title slide

    def title_slide(self) -> None:
        layout = master.layout(self.presentation, master.TITLE_SLIDE)
        slide = self.presentation.slides.add_slide(layout)
        title = slide.shapes.title
        width = points(Inches(11.5) - 2 * INSET)
        runs = [text.Run(self.deck.title, bold=True)]
        size = text.fitting_size(runs, width, points(Inches(2.1)), (40, 36, 32, 28)) or 28
        title.text_frame.text = text.clean(self.deck.title)
        font = title.text_frame.paragraphs[0].runs[0].font
        font.size, font.bold, font.color.rgb = Pt(size), True, rgb("#FFFFFF")
        _language(title.text_frame.paragraphs[0].runs[0], self.language)
        subtitle = next(
            p for p in slide.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE
        )
        lines = [Line(line) for line in self.deck.subtitle]
        write_lines(subtitle.text_frame, lines, 20, self.language, colour="#FFFFFF")
        for paragraph in subtitle.text_frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT

    # -- text

    def text_slide(self, slide: Slide) -> None:
        width, height = CONTENT_WIDTH, CONTENT_BOTTOM - CONTENT_TOP
        size = _fit(slide.lines, width, height, BODY_SIZES)
        if size is None and len(slide.lines) > 1:
            half = _split_at(slide.lines)
            self.text_slide(Slide(slide.title, "text", slide.lines[:half]))
            self.text_slide(Slide(f"{slide.title} (continued)", "text", slide.lines[half:]))
            return
        page = self.new(master.TITLE_AND_CONTENT, slide.title)
        body = next(
            p for p in page.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.OBJECT
        )
        body.text_frame.margin_left = body.text_frame.margin_right = INSET
        body.text_frame.margin_top = body.text_frame.margin_bottom = Inches(0.05)
        body.text_frame.vertical_anchor = MSO_ANCHOR.TOP
        write_lines(body.text_frame, slide.lines, size or BODY_SIZES[-1], self.language)

    # -- a lead, a body and a note

    def _lead_and_note(self, page: Any, slide: Slide) -> tuple[int, int]:
        """Writes the lead above and the note below; returns the room between them."""
        top, bottom = CONTENT_TOP, CONTENT_BOTTOM
        if slide.lines:
            size = _fit(slide.lines, CONTENT_WIDTH, Inches(1.5), LEAD_SIZES) or LEAD_SIZES[-1]
            tall = text_height(slide.lines, size, CONTENT_WIDTH)
            add_text(
                page.shapes,
                slide.lines,
                (MARGIN, top, CONTENT_WIDTH, tall),
                size,
                self.language,
                name="Lead",
            )
            top += tall + Inches(0.1)
        if slide.note:
            note = [Line(slide.note)]
            tall = text_height(note, NOTE_SIZE, CONTENT_WIDTH)
            bottom -= tall
            add_text(
                page.shapes,
                note,
                (MARGIN, bottom, CONTENT_WIDTH, tall),
                NOTE_SIZE,
                self.language,
                colour=palette.DARK_GREY,
                name="Note",
            )
            bottom -= Inches(0.05)
        return top, bottom

    def chart_slide(self, slide: Slide) -> None:
        assert slide.chart is not None
        page = self.new(master.TITLE_ONLY, slide.title)
        top, bottom = self._lead_and_note(page, slide)
        add_chart(page.shapes, slide.chart, (MARGIN, top, CONTENT_WIDTH, bottom - top), self.stamp)

    def table_slide(self, slide: Slide) -> None:
        assert slide.table is not None
        page = self.new(master.TITLE_ONLY, slide.title)
        top, bottom = self._lead_and_note(page, slide)
        add_table(
            page.shapes, slide.table, (MARGIN, top, CONTENT_WIDTH, bottom - top), self.language
        )

    def boxes_slide(self, slide: Slide) -> None:
        page = self.new(master.TITLE_ONLY, slide.title)
        top, bottom = self._lead_and_note(page, slide)
        add_boxes(
            page.shapes, slide.boxes, (MARGIN, top, CONTENT_WIDTH, bottom - top), self.language
        )

    def finish(self) -> None:
        """Every slide's footer and number, added last so that a screen reader, which
        follows the order shapes were added in, reads them after the slide's content."""
        for number, slide in enumerate(self.presentation.slides, start=1):
            layout = slide.slide_layout
            colour = "#FFFFFF" if layout.name == master.TITLE_SLIDE else palette.DARK_GREY
            _furniture(slide, layout, self.deck.footer, self.language, colour, number)

    def add(self, slide: Slide) -> None:
        {
            "text": self.text_slide,
            "chart": self.chart_slide,
            "table": self.table_slide,
            "boxes": self.boxes_slide,
        }[slide.kind](slide)


def _split_at(lines: Sequence[Line]) -> int:
    """Where to carry a slide's lines over: at the heading line nearest the middle."""
    middle = len(lines) // 2
    heads = [i for i, line in enumerate(lines) if i and line.level == 0]
    return min(heads, key=lambda i: abs(i - middle)) if heads else max(1, middle)


# ------------------------------------------------------------------ tables


_BOLD_TONES = ("priority", "strength", "flag")


def _cells(table: Table) -> list[list[tuple[str, bool]]]:
    """Each column's texts, header first, with whether each is set in bold (the header,
    the first column and the cells of a reading)."""
    columns = []
    for index, heading in enumerate(table.header):
        cells = [(heading, True)]
        cells += [
            (row[index].text, index == 0 or row[index].tone in _BOLD_TONES) for row in table.rows
        ]
        columns.append(cells)
    return columns


def _column_widths(table: Table, size: float, room: float) -> list[float] | None:
    """Each column's width in points: narrow columns as wide as their text, the others
    sharing what is left and wrapping; None when a word would not fit its column."""
    pad = 2 * points(Inches(0.1)) + 2
    texts = _cells(table)
    columns = len(texts)
    natural = [max(text.width(t, size, bold=b) for t, b in cells) + pad for cells in texts]
    if sum(natural) <= room:
        spare = (room - sum(natural)) / columns
        return [w + spare for w in natural]
    widths = list(natural)
    remaining = room
    order = sorted(range(columns), key=lambda i: natural[i])
    for done, index in enumerate(order):
        share = remaining / (columns - done)
        if natural[index] <= share:
            remaining -= natural[index]
            continue
        for other in order[done:]:
            widths[other] = share
        break
    for cells, w in zip(texts, widths, strict=True):
        longest = max(text.width(word, size, bold=b) for t, b in cells for word in t.split())
        if longest + pad > w + 0.01:
            return None
    return widths


def _row_heights(table: Table, size: float, widths: list[float]) -> list[float]:
    pad = 2 * points(Inches(0.05)) + 4
    room = [w - 2 * points(Inches(0.1)) for w in widths]
    texts = _cells(table)
    heights = []
    for row in range(len(table.rows) + 1):
        lines = max(
            text.lines_needed(cells[row][0], size, room[i], bold=cells[row][1])
            for i, cells in enumerate(texts)
        )
        heights.append(lines * size * text.LINE_HEIGHT + pad)
    return heights


def _cell_text(
    cell: Any, value: str, size: float, colour: str, language: str, **style: Any
) -> None:
    frame = cell.text_frame
    frame.word_wrap = True
    frame.text = text.clean(value)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = style.get("align", PP_ALIGN.LEFT)
    for run in paragraph.runs:
        run.font.size = Pt(size)
        run.font.name = FONT
        run.font.bold = style.get("bold", False)
        run.font.italic = style.get("italic", False)
        run.font.color.rgb = rgb(colour)
        _language(run, language)
    cell.margin_left = cell.margin_right = Inches(0.1)
    cell.margin_top = cell.margin_bottom = Inches(0.05)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE


def add_table(shapes: Any, table: Table, box: tuple[int, int, int, int], language: str) -> Any:
    left, top, width, height = box
    room_width, room_height = points(width), points(height)
    chosen = None
    for size in TABLE_SIZES:
        widths = _column_widths(table, size, room_width)
        if widths is None:
            continue
        heights = _row_heights(table, size, widths)
        chosen = (size, widths, heights)
        if sum(heights) <= room_height:
            break
    if chosen is None:  # nothing fits: the smallest size, columns shared out evenly
        size = TABLE_SIZES[-1]
        widths = [room_width / len(table.header)] * len(table.header)
        chosen = (size, widths, _row_heights(table, size, widths))
    size, widths, heights = chosen
    frame = shapes.add_table(
        len(table.rows) + 1, len(table.header), left, top, width, Emu(int(sum(heights) * 12700))
    )
    shown = frame.table
    shown.first_row = True
    shown.horz_banding = False
    for index, w in enumerate(widths):
        shown.columns[index].width = Emu(int(w * text.EMU_PER_POINT))
    for index, h in enumerate(heights):
        shown.rows[index].height = Emu(int(h * text.EMU_PER_POINT))
    for column, heading in enumerate(table.header):
        cell = shown.cell(0, column)
        cell.fill.solid()
        cell.fill.fore_color.rgb = rgb(palette.NHS_BLUE)
        align = PP_ALIGN.RIGHT if column in table.numeric else PP_ALIGN.LEFT
        _cell_text(cell, heading, size, "#FFFFFF", language, bold=True, align=align)
    for row_index, row in enumerate(table.rows, start=1):
        for column, value in enumerate(row):
            cell = shown.cell(row_index, column)
            background, ink = TONES[value.tone]
            if value.tone == "plain" and row_index % 2 == 0:
                background = palette.NEUTRAL_HEAT
            cell.fill.solid()
            cell.fill.fore_color.rgb = rgb(background)
            numeric = column in table.numeric and value.tone != "hidden"
            _cell_text(
                cell,
                value.text,
                size,
                palette.TEXT if value.tone != "hidden" else ink,
                language,
                bold=column == 0 or value.tone in _BOLD_TONES,
                italic=value.tone == "hidden",
                align=PP_ALIGN.RIGHT if numeric else PP_ALIGN.LEFT,
            )
    describe(frame, table.description, "Table")
    return frame


# ------------------------------------------------------------------ cards


def add_boxes(
    shapes: Any, boxes: Sequence[Box], area: tuple[int, int, int, int], language: str
) -> None:
    left, top, width, height = area
    count = len(boxes)
    columns = 2 if count == 4 else max(1, count)
    rows = 2 if count == 4 else 1
    box_width = (width - GAP * (columns - 1)) // columns
    box_height = (height - GAP * (rows - 1)) // rows
    contents = [[Line(b.heading, bold=True), *(Line(t, level=1) for t in b.lines)] for b in boxes]
    inner = (box_width - 2 * Inches(0.15), box_height - 2 * Inches(0.12))
    sizes = [
        text.fitting_size(runs_of(c), points(inner[0]), points(inner[1]), BODY_SIZES) or 14
        for c in contents
    ]
    size = min(sizes, default=BODY_SIZES[-1])
    for index, (box, lines) in enumerate(zip(boxes, contents, strict=True)):
        row, column = divmod(index, columns)
        x = left + column * (box_width + GAP)
        y = top + row * (box_height + GAP)
        shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, x, y, box_width, box_height)
        shape.name = f"Card: {text.clean(box.heading)}"
        background, heading = TONES[box.tone]
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(CARD_BACKGROUND.get(box.tone, background))
        shape.line.color.rgb = rgb(heading)
        shape.line.width = Pt(1.5)
        shape.shadow.inherit = False
        frame = shape.text_frame
        frame.margin_left = frame.margin_right = Inches(0.15)
        frame.margin_top = frame.margin_bottom = Inches(0.12)
        frame.vertical_anchor = MSO_ANCHOR.TOP
        write_lines(frame, lines, size, language, heading_colour=heading)
        for paragraph in frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT
