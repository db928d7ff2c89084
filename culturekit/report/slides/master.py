"""The deck's master: 16:9, Arial, the NHS palette, and three layouts.

python-pptx's own template is 4:3 in Office colours; here it is set to 16:9 and its
master, theme and layouts redrawn, so that a slide a trust adds by hand looks like those
culturekit wrote: a title in an NHS Blue band, body text in Arial, the footer naming the
trust, and charts in the NHS palette by default.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from culturekit.report import palette

SLIDE_WIDTH = Emu(12192000)  # 13.333 in: 16:9
SLIDE_HEIGHT = Emu(6858000)  # 7.5 in
MARGIN = Inches(0.6)
TITLE_HEIGHT = Inches(1.05)
CONTENT_TOP = Inches(1.35)
CONTENT_BOTTOM = Inches(6.8)
CONTENT_WIDTH = Emu(SLIDE_WIDTH - 2 * MARGIN)
FOOTER_TOP = Inches(6.98)
FOOTER_HEIGHT = Inches(0.38)
FONT = "Arial"
TITLE_SIZE = 28
FOOTER_SIZE = 12

# The layouts a deck uses, by their names in the template; the others are removed.
TITLE_SLIDE, TITLE_AND_CONTENT, TITLE_ONLY = "Title Slide", "Title and Content", "Title Only"
_KEPT = (TITLE_SLIDE, TITLE_AND_CONTENT, TITLE_ONLY)

# The theme's colours, so that a chart or shape a trust adds is in the NHS palette.
_THEME_COLOURS = {
    "dk2": palette.DARK_BLUE,
    "lt2": palette.PALE_GREY,
    "accent1": palette.NHS_BLUE,
    "accent2": palette.DARK_ORANGE,
    "accent3": palette.PURPLE,
    "accent4": palette.GREEN,
    "accent5": palette.AQUA_BLUE,
    "accent6": palette.WARM_YELLOW,
    "hlink": palette.BRIGHT_BLUE,
    "folHlink": palette.PURPLE,
}


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _theme(master: Any) -> None:
    part = master.part.part_related_by(RT.THEME)
    xml = part.blob.decode("utf-8")
    for name, colour in _THEME_COLOURS.items():
        xml = re.sub(
            rf"<a:{name}>.*?</a:{name}>",
            f'<a:{name}><a:srgbClr val="{colour.lstrip("#").upper()}"/></a:{name}>',
            xml,
            count=1,
        )
    xml = re.sub(r'(<a:(?:major|minor)Font><a:latin typeface=")[^"]*"', rf'\g<1>{FONT}"', xml)
    xml = xml.replace('name="Office Theme"', 'name="culturekit"', 1)
    part._blob = xml.encode("utf-8")


def _solid(parent: Any, colour: str) -> None:
    fill = etree.SubElement(parent, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=colour.lstrip("#").upper())


def _text_style(level: Any, size: int, colour: str, *, bold: bool = False) -> None:
    """A text style level's run properties: Arial, ``size`` points, ``colour``."""
    for old in level.findall(qn("a:defRPr")):
        level.remove(old)
    rpr = etree.SubElement(level, qn("a:defRPr"), sz=str(size * 100), b="1" if bold else "0")
    _solid(rpr, colour)
    etree.SubElement(rpr, qn("a:latin"), typeface=FONT)
    etree.SubElement(rpr, qn("a:cs"), typeface=FONT)


def _styles(master: Any) -> None:
    """The master's title and body styles: what a placeholder's text inherits."""
    styles = master.element.find(qn("p:txStyles"))
    title = styles.find(qn("p:titleStyle")).find(qn("a:lvl1pPr"))
    title.set("algn", "l")
    _text_style(title, TITLE_SIZE, "#FFFFFF", bold=True)
    body = styles.find(qn("p:bodyStyle"))
    for index, level in enumerate(body):
        if level.tag == qn("a:extLst"):
            continue
        _text_style(level, 20 if index == 0 else 18, palette.TEXT)
    other = styles.find(qn("p:otherStyle"))
    for level in other:
        if level.tag != qn("a:extLst"):
            _text_style(level, 18, palette.TEXT)


def _place(shape: Any, left: int, top: int, width: int, height: int) -> None:
    shape.left, shape.top, shape.width, shape.height = left, top, width, height


def _footer_style(shape: Any, colour: str, align: str) -> None:
    """A footer placeholder's text: small, in ``colour``, aligned ``align``."""
    body = shape.text_frame._txBody
    lst = body.find(qn("a:lstStyle"))
    for child in list(lst):
        lst.remove(child)
    level = etree.SubElement(lst, qn("a:lvl1pPr"), algn=align)
    _text_style(level, FOOTER_SIZE, colour)
    shape.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE


def _title_band(shape: Any) -> None:
    """The title placeholder as the NHS Blue band across the top of the slide."""
    _place(shape, 0, 0, SLIDE_WIDTH, TITLE_HEIGHT)
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(palette.NHS_BLUE)
    frame = shape.text_frame
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.margin_left = frame.margin_right = MARGIN
    frame.word_wrap = True


def _footers(shapes: Any, colour: str) -> None:
    for shape in shapes:
        kind = shape.placeholder_format.type
        if kind == PP_PLACEHOLDER.FOOTER:
            _place(shape, MARGIN, FOOTER_TOP, Inches(10.0), FOOTER_HEIGHT)
            _footer_style(shape, colour, "l")
        elif kind == PP_PLACEHOLDER.SLIDE_NUMBER:
            _place(
                shape, SLIDE_WIDTH - MARGIN - Inches(1.5), FOOTER_TOP, Inches(1.5), FOOTER_HEIGHT
            )
            _footer_style(shape, colour, "r")
        elif kind == PP_PLACEHOLDER.DATE:
            shape.element.getparent().remove(shape.element)


def _body(shape: Any) -> None:
    _place(shape, MARGIN, CONTENT_TOP, CONTENT_WIDTH, CONTENT_BOTTOM - CONTENT_TOP)
    shape.text_frame.word_wrap = True


def _layouts(presentation: Any) -> None:
    layouts = presentation.slide_layouts
    for layout in list(layouts):
        if layout.name not in _KEPT:
            layouts.remove(layout)
    for layout in layouts:
        title_slide = layout.name == TITLE_SLIDE
        _footers(list(layout.placeholders), "#FFFFFF" if title_slide else palette.DARK_GREY)
        for shape in layout.placeholders:
            kind = shape.placeholder_format.type
            if title_slide and kind == PP_PLACEHOLDER.CENTER_TITLE:
                _place(shape, Inches(0.9), Inches(1.7), Inches(11.5), Inches(2.2))
                shape.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
                shape.text_frame.word_wrap = True
            elif title_slide and kind == PP_PLACEHOLDER.SUBTITLE:
                _place(shape, Inches(0.9), Inches(4.15), Inches(11.5), Inches(2.4))
                shape.text_frame.vertical_anchor = MSO_ANCHOR.TOP
            elif kind == PP_PLACEHOLDER.TITLE:
                _title_band(shape)
            elif kind in (PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.BODY):
                _body(shape)
        if title_slide:
            layout.background.fill.solid()
            layout.background.fill.fore_color.rgb = rgb(palette.NHS_BLUE)


def _master(presentation: Any) -> None:
    master = presentation.slide_master
    _theme(master)
    _styles(master)
    for shape in master.placeholders:
        kind = shape.placeholder_format.type
        if kind == PP_PLACEHOLDER.TITLE:
            _title_band(shape)
        elif kind == PP_PLACEHOLDER.BODY:
            _body(shape)
    _footers(list(master.placeholders), palette.DARK_GREY)


def _language(presentation: Any, language: str) -> None:
    """The language every run defaults to, for spelling and screen readers."""
    styles = presentation.part._element.find(qn("p:defaultTextStyle"))
    if styles is not None:
        for rpr in styles.iter(qn("a:defRPr")):
            rpr.set("lang", language)


def new_presentation(language: str) -> Any:
    """An empty 16:9 presentation on the culturekit master."""
    presentation = Presentation()
    presentation.slide_width = SLIDE_WIDTH
    presentation.slide_height = SLIDE_HEIGHT
    _master(presentation)
    _layouts(presentation)
    _language(presentation, language)
    return presentation


def layout(presentation: Any, name: str) -> Any:
    return next(item for item in presentation.slide_layouts if item.name == name)


def pt(size: float) -> int:
    return Pt(size)
