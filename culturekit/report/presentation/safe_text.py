"""Text from the input, made safe for each output at the edge where it is written.

A trust name, a group label, a period, a comment or an element's name from a framework
file is the input's own text: it may hold control characters (an escape sequence such as
ESC[2J that clears a terminal), characters XML cannot hold, or a pair of dollar signs
that matplotlib would read as mathematics. The results keep the text exactly as it was
given (the JSON output holds it escaped); each output kind has one function here that
makes it safe for that output, and every renderer passes input text through it:

* :func:`terminal_text`: every control character is shown as an escape (``\\x1b``), so
  nothing from the input can move the cursor, clear the screen or retitle the window;
* :func:`excel_text`: characters XML 1.0 cannot hold are removed, and text that a
  spreadsheet would read as a formula is prefixed with ``'``; :func:`xml_text` removes
  the characters alone, for a workbook's other text (comments, prompts, properties);
* :func:`chart_text`: a chart label is drawn as plain text, never as mathtext;
* :func:`html_text`: control characters are removed; the templates' autoescaping then
  escapes the markup characters, as for any text;
* :func:`pdf_text`: control characters, bidirectional overrides and line separators are
  removed; :mod:`culturekit.report.typst_source` then writes the text as a Typst string
  literal, never as markup.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

# C0 controls, DEL and the C1 controls (Unicode category Cc); the bidirectional
# embeddings, overrides and isolates, which reorder what a terminal shows; the line and
# paragraph separators, which some terminals take as line breaks; and lone surrogates
# (a file name that is not UTF-8), which no terminal encoding can write.
_TERMINAL_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_TERMINAL_UNSAFE_KEEPING_NEWLINES = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

# Everything outside XML 1.0's Char production (#x9 | #xA | #xD | [#x20-#xD7FF] |
# [#xE000-#xFFFD] | [#x10000-#x10FFFF]): openpyxl refuses a cell holding one of them.
_XML_ILLEGAL = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Line breaks and tabs in a label become spaces; other control characters are dropped.
_CHART_SPACE = re.compile("[\t\n\r\x0b\x0c\u2028\u2029]")
_CHART_DROPPED = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

# HTML keeps tab, line feed and carriage return; the other controls are parse errors.
_HTML_DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_PDF_DROPPED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)


def _escape(found: re.Match[str]) -> str:
    char = found.group()
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal_text(text: object, *, newlines: bool = False) -> str:
    """``text`` safe to print on a terminal: each control character shown as an escape.

    ESC becomes the four characters ``\\x1b``, a tab ``\\t``. Line feeds are kept only
    with ``newlines``, for text whose lines are culturekit's own (an error listing its
    problems one a line); a line feed inside a value is shown as ``\\n``, so a value can
    never start a line of its own.
    """
    unsafe = _TERMINAL_UNSAFE_KEEPING_NEWLINES if newlines else _TERMINAL_UNSAFE
    return unsafe.sub(_escape, str(text))


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (openpyxl refuses a cell
    holding one, and writes one elsewhere into a file Excel cannot open)."""
    return _XML_ILLEGAL.sub("", text)


def excel_text(text: str) -> str:
    """``text`` safe to put in a cell: no character XML cannot hold, never a formula.

    The illegal characters are removed first, so that one cannot hide a formula behind
    it (``"\\x01=1"`` is written as ``'=1``).
    """
    text = xml_text(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def chart_text(text: str) -> str:
    """``text`` as a chart label drawn as written: no control character, no mathtext.

    matplotlib reads text between two dollar signs as mathematics (``$\\frac{$`` fails
    to parse); each dollar sign is escaped as ``\\$``, which matplotlib draws as ``$``.
    """
    text = _CHART_DROPPED.sub("", _CHART_SPACE.sub(" ", text))
    return text.replace("$", "\\$")


def pdf_text(text: str) -> str:
    """``text`` for the PDF's Typst source, without control characters (Typst would
    print one as a glyph), bidirectional overrides or line separators: a PDF's text is
    also what its reader copies and searches, so it holds only what is seen."""
    return _PDF_DROPPED.sub("", text)


def html_text(value: Any) -> Any:
    """A value printed by a report template, without control characters.

    Used as the templates' ``finalize``: every printed value passes through it before
    autoescaping. Text already marked safe (a chart's SVG) stays marked safe; values
    that are not text are left as they are.
    """
    if isinstance(value, Markup):
        return Markup(_HTML_DROPPED.sub("", str(value)))
    if isinstance(value, str):
        return _HTML_DROPPED.sub("", value)
    return value
