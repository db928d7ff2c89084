"""Values written into Typst source as literals, so that data is never markup.

The PDF's templates write Typst; each ``{{ value }}`` in them is turned into a Typst
literal here (it is the Jinja environment's ``finalize``). A text becomes a string
literal, ``"..."``, with its backslashes, quotes and control characters escaped: inside
one, ``#``, ``$``, ``*``, ``_``, ``<``, ``@``, ``[`` and ``]`` are only characters, so a trust
name, a group label or a comment prints as written and cannot add a heading, a function
call or a link. Numbers, booleans and ``None`` become Typst's own; lists and tuples
arrays, dicts and the presentation layer's dataclasses dictionaries (keys as strings),
so a template can hand a Typst function a row of cells, or an answer bar, at once.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from jinja2 import Undefined

from culturekit.report.presentation.safe_text import pdf_text

__all__ = ["literal", "string"]

# What a Typst string literal cannot hold as itself.
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def string(text: str) -> str:
    """``text`` as a Typst string literal."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 or char in "\u2028\u2029":
            # Control characters and line separators are written as code points.
            out.append(f"\\u{{{ord(char):x}}}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _number(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"a Typst template was given {value}, which is not a number to print")
    return f"({float(value)!r})"


def literal(value: Any) -> str:
    """``value`` as Typst source that evaluates to it (the templates' ``finalize``)."""
    if isinstance(value, Undefined):
        str(value)  # a StrictUndefined says which name is missing
        raise TypeError("a Typst template printed an undefined value")
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        # In brackets, so that text after it is not read as a unit: #(50)% is "50%",
        # where #50% would be the ratio 50%.
        return f"({value})"
    if isinstance(value, float | Decimal):
        return _number(float(value))
    if isinstance(value, str):  # Markup too: no value is ever taken as markup
        return string(pdf_text(str(value)))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # The presentation layer's display data (an answer bar, a summary card).
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        pairs = [f"{string(str(k))}: {literal(v)}" for k, v in value.items()]
        return "(" + ", ".join(pairs) + ")" if pairs else "(:)"
    if isinstance(value, Sequence):
        # A trailing comma keeps a one-item array an array: ("a",).
        return "(" + "".join(f"{literal(v)}, " for v in value) + ")"
    raise TypeError(f"a Typst template cannot print a {type(value).__name__}")
