"""What a worksheet's XML holds, found before python-calamine reads it: where its cells
lie, its formulas without a saved value and its Excel error values (calamine reads both
as blank), and whether a cell may hold more text than a cell can.

python-calamine holds every cell from A1 to the last cell holding a value, so one value
in XFD1048576 would need 512 GiB. The scan finds that last cell as calamine would, however
the sheet is written (any namespace prefix, rows and cells in any order, cells with or
without references), and refuses any reference beyond the last row (1,048,576) or column
(XFD, 16,384) a worksheet has, before calamine allocates anything.

There are two scans, and the result does not depend on which one ran:

* :class:`SheetScanner` reads a sheet as Excel, LibreOffice, openpyxl and other common
  writers save it (every cell's reference its first attribute, and its only ``r``). It
  looks at every tag with numpy, piece by piece as the part is decompressed, so memory
  does not grow with the sheet. A sheet written any other way makes it give up
  (:class:`NotPlain`).
* :func:`walk_sheet` then walks the sheet tag by tag, keeping the row and column of each
  cell as calamine does. It refuses XML that is not well nested (a cell inside a cell, a
  row inside a cell, an end tag that closes another element), where calamine's reading
  and any other would differ. It needs the part whole, so it is used only for parts up to
  :data:`SLOW_SCAN_MAX_BYTES`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from culturekit.ingest.limits import MAX_COLUMNS, MAX_ROWS, MAX_TEXT_CHARACTERS
from culturekit.ingest.sheet import column_letter

# A sheet not written as the common writers write it is walked whole, up to this size.
SLOW_SCAN_MAX_BYTES = 32 << 20
# Text between two tags longer than this (no cell holds so much) is refused.
MAX_TEXT_BYTES = 4 << 20
# Elements looked at one by one (the dimension, merged ranges): at most this many. A
# merged range over data is an error anyway (only its first cell holds a value).
MAX_LISTED_ELEMENTS = 20_000

_PIECE = 2 << 20  # bytes scanned at once
_PAD = 32  # spaces after a piece, so that looking a few bytes ahead never runs out


class ScanError(Exception):
    """The sheet is refused; the message says why, for the reader to word."""


class NotPlain(Exception):
    """The sheet is not written as the common writers write it: walk it instead."""


@dataclass
class Cell:
    """A cell the reader must know about before reading: a formula or an error value."""

    row: int  # Excel row number
    column: int  # 0-based
    text: str  # the formula, or the error value

    @property
    def ref(self) -> str:
        return f"{column_letter(self.column)}{self.row}"


@dataclass
class SheetScan:
    """What a worksheet part holds, found in its XML before calamine reads it."""

    rows: int = 0  # last row with a cell holding something
    columns: int = 0  # last column (1-based) with a cell holding something
    uncached: list[Cell] = field(default_factory=list)  # formulas without a saved value
    cached: list[Cell] = field(default_factory=list)  # formulas with one
    errors: list[Cell] = field(default_factory=list)  # #N/A, #DIV/0!, ...
    # Whether some cell may hold more than MAX_TEXT_CHARACTERS (then counted exactly).
    long_text: bool = False
    # Whether some cell holds TRUE or FALSE (t="b"), which no answer may be.
    booleans: bool = False

    @property
    def cells(self) -> int:
        """The cells calamine holds for the sheet: A1 to the last one holding a value."""
        return self.rows * self.columns

    def reach(self, row: int, column: int) -> None:
        self.rows = max(self.rows, row)
        self.columns = max(self.columns, column + 1)


@dataclass
class StringsScan:
    """What the shared strings part holds."""

    strings: int = 0  # <si> elements
    declared: int | None = None  # the count it declares (calamine reserves room for it)
    long_text: bool = False


def _table(*values: int | Iterable[int]) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    for value in values:
        table[[value] if isinstance(value, int) else list(value)] = True
    return table


_NAME_END = _table(9, 10, 13, 32, 47, 62)  # whitespace, '/', '>': where a tag's name ends
_BEFORE_KEY = _table(9, 10, 13, 32, 34, 39)  # what may come before an attribute's name
_AFTER_KEY = _table(9, 10, 13, 32, 47, 61, 62)
_DIGIT = _table(range(48, 58))
_LT, _GT, _SLASH, _QUOTE, _APOSTROPHE, _COLON = 60, 62, 47, 34, 39, 58
_R_EQUALS = np.frombuffer(b' r="', dtype=np.uint8)


@dataclass
class _Found:
    """Tags of one name: where each starts (its '<'), where its name ends, and whether
    it is an end tag."""

    start: np.ndarray
    name_end: np.ndarray
    closing: np.ndarray

    def opening(self) -> _Found:
        keep = ~self.closing
        return _Found(self.start[keep], self.name_end[keep], self.closing[keep])

    def before(self, stop: int) -> _Found:
        keep = self.start < stop
        return _Found(self.start[keep], self.name_end[keep], self.closing[keep])


class _Piece:
    """A piece of XML as bytes, with what the scans look up in it, found once."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.size = len(data)
        self.buf = np.frombuffer(data + b" " * _PAD, dtype=np.uint8)
        self._cache: dict[object, np.ndarray] = {}

    def where(self, byte: int) -> np.ndarray:
        """Every position of ``byte``, in order."""
        if byte not in self._cache:
            self._cache[byte] = np.flatnonzero(self.buf[: self.size] == byte)
        return self._cache[byte]

    def keys(self, letter: int) -> np.ndarray:
        """Where an attribute named by the one ``letter`` (``r``, ``t``) may start."""
        key = ("key", letter)
        if key not in self._cache:
            at = self.where(letter)
            at = at[at > 0]
            self._cache[key] = at[_BEFORE_KEY[self.buf[at - 1]] & _AFTER_KEY[self.buf[at + 1]]]
        return self._cache[key]

    def tags(self, word: bytes) -> _Found:
        """Every tag whose local name (after any prefix) is ``word``, start or end tag."""
        buf, length = self.buf, len(word)
        # Where the local name's last byte is: then the name ends, and its first byte
        # follows '<', '</' or a prefix's ':'.
        last = self.where(word[-1])
        last = last[(last >= length) & _NAME_END[buf[last + 1]]]
        at = last - (length - 1)
        for k in range(length - 1):
            keep = buf[at + k] == word[k]
            at, last = at[keep], last[keep]
        before = buf[at - 1]
        direct = before == _LT
        closing = (before == _SLASH) & (buf[np.maximum(at - 2, 0)] == _LT) & (at >= 2)
        start = np.where(direct, at - 1, at - 2)
        keep = direct | closing
        prefixed = np.flatnonzero(before == _COLON)
        if len(prefixed):
            # A prefixed name: from the tag's '<' to the colon, nothing that ends a name
            # (whitespace) or a tag.
            lt = self.where(_LT)
            which = np.searchsorted(lt, at[prefixed]) - 1
            opening = lt[np.maximum(which, 0)]
            is_end = buf[opening + 1] == _SLASH
            first = opening + 1 + is_end
            inside = _between(self._breaks(), first - 1, at[prefixed] - 1)
            other = (buf[opening + 1] == ord("!")) | (buf[opening + 1] == ord("?"))
            ok = (which >= 0) & (inside == 0) & ~other & (first < at[prefixed] - 1)
            start[prefixed] = opening
            closing[prefixed] = is_end
            keep[prefixed] = ok
        return _Found(start[keep], at[keep] + length, closing[keep])

    def _breaks(self) -> np.ndarray:
        """Where a prefixed tag name cannot go on: whitespace and '>'."""
        if "breaks" not in self._cache:
            found = [self.where(byte) for byte in (9, 10, 13, 32, _GT)]
            self._cache["breaks"] = np.sort(np.concatenate(found))
        return self._cache["breaks"]

    def tag_ends(self, start: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Where each tag starting at ``start`` ends (its '>'), checked to be where any XML
        reader ends it: before the next '<', with no '>' inside an attribute's value; and
        how many attributes named ``r`` and ``t`` each may hold."""
        closing = self.where(_GT)
        found = np.searchsorted(closing, start)
        if (found >= len(closing)).any():
            raise NotPlain
        end = closing[found]
        # With no '<' or "'" before the '>', and quotes in pairs, the first '>' is outside
        # any attribute's value: it is where the tag ends.
        unclosed = _following(self.where(_LT), start, self.size) < end
        odd = _between(self.where(_QUOTE), start, end) % 2
        if unclosed.any() or odd.any():
            raise NotPlain
        if b"'" in self.data and _between(self.where(_APOSTROPHE), start, end).any():
            raise NotPlain
        r_keys = _between(self.keys(ord("r")), start, end)
        t_keys = _between(self.keys(ord("t")), start, end)
        return end, r_keys, t_keys

    def gather(self, first: np.ndarray, size: int) -> np.ndarray:
        """``size`` (at most _PAD) bytes from each of ``first``."""
        windows = np.lib.stride_tricks.sliding_window_view(self.buf, size)
        return windows[np.minimum(first, len(windows) - 1)]

    def refuse_declarations(self) -> None:
        """Entity declarations (billion laughs), which Excel never writes."""
        if b"!" not in self.data:
            return
        at = self.where(_LT)
        bang = at[self.buf[at + 1] == ord("!")]
        word = self.gather(bang + 2, 7)
        word = np.where((word >= 97) & (word <= 122), word - 32, word)
        doctype = (word == np.frombuffer(b"DOCTYPE", np.uint8)).all(axis=1)
        entity = (word[:, :6] == np.frombuffer(b"ENTITY", np.uint8)).all(axis=1)
        if (doctype | entity).any():
            raise ScanError("declares XML entities")


def _following(sorted_positions: np.ndarray, at: np.ndarray, default: int) -> np.ndarray:
    """The first of ``sorted_positions`` after each of ``at`` (``default`` if none)."""
    if not len(sorted_positions):
        return np.full(len(at), default)
    after = np.searchsorted(sorted_positions, at, side="right")
    found = sorted_positions[np.minimum(after, len(sorted_positions) - 1)]
    return np.where(after < len(sorted_positions), found, default)


def _between(sorted_positions: np.ndarray, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """How many of ``sorted_positions`` lie in each (start, stop)."""
    return np.searchsorted(sorted_positions, stop) - np.searchsorted(
        sorted_positions, start, side="right"
    )


class SheetScanner:
    """The fast scan of a worksheet part, fed piece by piece."""

    def __init__(self) -> None:
        self.scan = SheetScan()
        self._carry = b""
        self._listed = 0

    def feed(self, piece: bytes) -> None:
        for start in range(0, len(piece), _PIECE):
            self._scan(self._carry + piece[start : start + _PIECE], final=False)

    def finish(self) -> SheetScan:
        self._scan(self._carry, final=True)
        return self.scan

    def _scan(self, data: bytes, *, final: bool) -> None:
        if b"\x00" in data:
            raise ScanError("holds bytes that are not text")
        piece = _Piece(data)
        piece.refuse_declarations()
        cells = piece.tags(b"c").opening()
        rows = piece.tags(b"row")
        row_starts = rows.opening()
        # Cells and rows bound each cell's text; the scan of a piece stops before the last
        # of them, since what follows it may go on in the next piece.
        stop = len(data) if final else _stop(piece, cells, rows)
        self._carry = data[stop:]
        if not final and len(self._carry) > MAX_TEXT_BYTES + _PIECE:
            raise ScanError(f"holds more than {MAX_TEXT_BYTES >> 20} MiB of text in one place")
        self._cells(piece, cells.before(stop), rows.start, stop)
        self._rows(piece, row_starts.before(stop))
        self._listed_elements(piece, stop)

    def _cells(self, piece: _Piece, cells: _Found, rows: np.ndarray, stop: int) -> None:
        if not len(cells.start):
            return
        start, buf = cells.start, piece.buf
        end, r_keys, typed = piece.tag_ends(start)
        if (r_keys != 1).any():
            raise NotPlain
        column, row = _references(piece, cells.name_end)
        outside = (row > MAX_ROWS) | (column > MAX_COLUMNS)
        if outside.any():
            raise ScanError(
                _beyond(_reference_text(piece, int(cells.name_end[np.argmax(outside)])))
            )
        valued = buf[end - 1] != _SLASH
        if valued.any():
            self.scan.rows = max(self.scan.rows, int(row[valued].max()))
            self.scan.columns = max(self.scan.columns, int(column[valued].max()))
        # A cell's text lies before the next cell or row: far enough away, count it exactly.
        following = np.minimum(_following(rows, start, stop), np.append(start[1:], stop))
        if ((following - start) > MAX_TEXT_CHARACTERS).any():
            self.scan.long_text = True
        # Error values (t="e") and formulas (an <f> inside the cell), looked at one by one.
        if (typed > 1).any():
            raise NotPlain
        errors, booleans = _types(piece, piece.keys(ord("t")), start, typed)
        self.scan.booleans |= bool(booleans.any())
        noted = set(np.flatnonzero(errors).tolist())
        if b"f" in piece.data:
            formulas = piece.tags(b"f").opening().before(stop).start
            owner = np.searchsorted(start, formulas, side="right") - 1
            noted.update(int(k) for k in np.unique(owner[owner >= 0]))
        for k in sorted(noted):
            match = _ELEMENT.match(piece.data, int(start[k]))
            if match is None:
                raise NotPlain
            attributes, body = _attributes(match.group(1)), match.group(2) or b""
            _note_cell(self.scan, int(row[k]), int(column[k]) - 1, attributes, body)

    def _rows(self, piece: _Piece, rows: _Found) -> None:
        if not len(rows.start):
            return
        _, keys, _ = piece.tag_ends(rows.start)
        if (keys > 1).any():
            raise NotPlain
        given = keys == 1
        if not given.any():
            return
        first = rows.name_end[given]
        if not (piece.gather(first, 4) == _R_EQUALS).all():
            raise NotPlain
        digits = piece.gather(first + 4, 9)
        count = np.argmin(_DIGIT[digits], axis=1)
        closed = digits[np.arange(len(first)), count] == _QUOTE
        if not (closed & (count >= 1)).all():
            raise NotPlain
        value = np.zeros(len(first), dtype=np.int64)
        for k in range(8):
            value = np.where(k < count, value * 10 + (digits[:, k].astype(np.int64) - 48), value)
        bad = (value > MAX_ROWS) | (value < 1)
        if bad.any():
            raise ScanError(_beyond(f"row {int(value[np.argmax(bad)])}"))

    def _listed_elements(self, piece: _Piece, stop: int) -> None:
        """The declared dimension and the merged ranges: every reference within a sheet."""
        starts = []
        for word in (b"dimension", b"mergeCell"):
            if word in piece.data:
                starts.append(piece.tags(word).opening().before(stop).start)
        if not starts:
            return
        found = np.concatenate(starts)
        self._listed += len(found)
        if self._listed > MAX_LISTED_ELEMENTS:
            raise ScanError(f"holds more than {MAX_LISTED_ELEMENTS:,} merged ranges")
        for at in found:
            tag = _TAG.match(piece.data, int(at))
            if tag is None:
                raise NotPlain
            check_range(_attributes(tag.group(1)).get("ref", ""))


def _stop(piece: _Piece, cells: _Found, rows: _Found) -> int:
    """Where a piece's scan stops: before its last cell or row start (what follows may go
    on in the next piece), or, past the last row's end, before its last tag."""
    last_cell = int(cells.start[-1]) if len(cells.start) else -1
    last_row = int(rows.start[-1]) if len(rows.start) else -1
    if max(last_cell, last_row) >= 0 and (last_cell > last_row or not rows.closing[-1]):
        return max(last_cell, last_row)
    lt = piece.where(_LT)
    return int(lt[-1]) if len(lt) else 0


def _references(piece: _Piece, name_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each cell tag's reference as (column 1-based, row), from ``<c r="XFD99"``."""
    window = piece.gather(name_end, 17)
    if not (window[:, :4] == _R_EQUALS).all():
        raise NotPlain
    ref = window[:, 4:]
    index = np.arange(len(name_end))
    letters = np.argmin((ref >= 65) & (ref <= 90), axis=1)
    # 1 to 4 letters, then 1 to 8 digits (the first not 0), then '"'.
    is_digit = (ref >= 48) & (ref <= 57)
    stop = np.argmax(~is_digit & (np.arange(13) >= letters[:, None]), axis=1)
    digits = stop - letters
    if not (
        (letters >= 1).all()
        and (letters <= 4).all()
        and (digits >= 1).all()
        and (digits <= 8).all()
        and (ref[index, stop] == _QUOTE).all()
        and (ref[index, np.minimum(letters, 12)] != ord("0")).all()
    ):
        raise NotPlain
    code = ref.astype(np.int32)  # ZZZZ and 99,999,999 both fit
    column = code[:, 0] - 64
    for k in range(1, int(letters.max())):
        column = np.where(k < letters, column * 26 + code[:, k] - 64, column)
    row = np.zeros(len(name_end), dtype=np.int32)
    for k in range(int(digits.max())):
        row = np.where(k < digits, row * 10 + code[index, letters + k] - 48, row)
    return column.astype(np.int64), row.astype(np.int64)


def _reference_text(piece: _Piece, name_end: int) -> str:
    text = piece.data[name_end + 4 : name_end + 16]
    return text.split(b'"', 1)[0].decode("ascii", "replace")


def _types(
    piece: _Piece, types: np.ndarray, start: np.ndarray, typed: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Whether each cell tag says t="e" (an Excel error value), and t="b" (TRUE, FALSE)."""
    if not typed.any():
        return np.zeros(len(start), dtype=bool), np.zeros(len(start), dtype=bool)
    key = types[np.minimum(np.searchsorted(types, start, side="right"), len(types) - 1)]
    value = piece.gather(key + 1, 4)
    regular = (value[:, 0] == ord("=")) & (value[:, 1] == _QUOTE)
    if ((typed == 1) & ~regular).any():
        raise NotPlain
    single = (typed == 1) & (value[:, 3] == _QUOTE)
    return single & (value[:, 2] == ord("e")), single & (value[:, 2] == ord("b"))


def _beyond(ref: str) -> str:
    return f"refers to {ref}, beyond the last row (1,048,576) or column (XFD) a worksheet has"


_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def check_range(text: str) -> None:
    """A dimension or merged range ("A1:Y13", "B2"): each end within a worksheet."""
    for end in text.split(":"):
        found = _REF.fullmatch(end.strip())
        if found is None:
            if end.strip():
                raise ScanError(f"declares the range {text!r}, which is not a range of cells")
            continue
        if int(found.group(2)) > MAX_ROWS or _column_number(found.group(1)) > MAX_COLUMNS:
            raise ScanError(_beyond(text))


# --------------------------------------------------------------------------- the walk

_TOKEN = re.compile(
    rb"<(?:!--.*?-->|!\[CDATA\[.*?\]\]>|\?.*?\?>|(/?)([^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>)",
    re.S,
)
_ATTRIBUTE_LIST = re.compile(rb"""(?:\s+[^\s=/>"']+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?\s*""")
_ATTRIBUTE = re.compile(rb"""([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TAG = re.compile(rb"<[^\s/>]*((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ELEMENT = re.compile(
    rb"<(?:[^\s<>/:]+:)?c((?:\s[^>]*?)?)(?:/>|>(.*?)</(?:[^\s<>/:]+:)?c\s*>)", re.S
)


def walk_sheet(data: bytes) -> SheetScan:
    """The sheet walked tag by tag, each cell's row and column kept as calamine keeps them.

    A row's ``r`` sets the row, each row's end moves to the next; a cell's ``r`` sets its
    row and column, a cell without one takes the column after the last cell's. Cells
    outside ``<sheetData>`` are not read by calamine, and are not counted here.
    """
    if b"\x00" in data:
        raise ScanError("holds bytes that are not text")
    scan = SheetScan()
    stack: list[bytes] = []
    sheet_depth: int | None = None  # depth of <sheetData> once inside it
    done = False
    row_index = column_index = 0
    cell: tuple[int, int, dict[str, str], int, int] | None = None  # row, col, attrs, at, depth
    valued = False
    listed = 0
    for token in _TOKEN.finditer(data):
        closing, name, rest = token.group(1), token.group(2), token.group(3)
        if name is None:
            continue  # a comment, CDATA or processing instruction
        if name.upper().startswith((b"!DOCTYPE", b"!ENTITY")):
            raise ScanError("declares XML entities")
        local = name.split(b":", 1)[-1]
        if closing:
            if not stack or stack.pop() != name:
                raise ScanError("is not well-formed XML (an end tag closes another element)")
            ends = [local]
        else:
            attributes = _parse_attributes(rest)
            if local in (b"dimension", b"mergeCell"):
                listed += 1
                if listed > MAX_LISTED_ELEMENTS:
                    raise ScanError(f"holds more than {MAX_LISTED_ELEMENTS:,} merged ranges")
                check_range(attributes.get("ref", ""))
            empty = rest.rstrip().endswith(b"/")
            if not empty:
                stack.append(name)
            ends = [local] if empty else []
            inside = sheet_depth is not None and not done
            if local == b"sheetData" and not empty:
                if sheet_depth is not None:
                    raise ScanError("has two <sheetData> elements")
                sheet_depth = len(stack)
            elif inside and cell is not None:
                if local in (b"c", b"row", b"sheetData"):
                    raise ScanError("is not well-formed XML (a cell holds a row or a cell)")
                if len(stack) - (0 if empty else 1) == cell[4] and local in (b"v", b"is"):
                    valued = True
            elif inside and local == b"row":
                if len(stack) - (0 if empty else 1) != sheet_depth:
                    raise ScanError("is not well-formed XML (a row outside the sheet's rows)")
                given = attributes.get("r")
                if given is not None:
                    row_index = _row_number(given) - 1
            elif inside and local == b"c":
                depth = len(stack) - (0 if empty else 1)
                parent = stack[depth - 1].split(b":", 1)[-1] if depth else b""
                if depth != (sheet_depth or 0) + 1 or parent != b"row":
                    raise ScanError("is not well-formed XML (a cell outside a row)")
                given = attributes.get("r")
                if given is not None:
                    at_row, column_index = _cell_position(given)
                else:
                    at_row = row_index
                if at_row >= MAX_ROWS or column_index >= MAX_COLUMNS:
                    raise ScanError(_beyond(f"{column_letter(column_index)}{at_row + 1}"))
                scan.booleans |= attributes.get("t") == "b"
                if empty:  # a cell with nothing in it (styled only)
                    _note_cell(scan, at_row + 1, column_index, attributes, b"")
                else:
                    cell = (at_row, column_index, attributes, token.end(), len(stack))
                    valued = False
                column_index += 1
                ends = []
        for local_end in ends:
            if sheet_depth is None or done:
                continue
            if local_end == b"sheetData" and len(stack) < sheet_depth:
                done = True
            elif local_end == b"row" and cell is None:
                row_index += 1
                column_index = 0
            elif local_end == b"c" and cell is not None and len(stack) < cell[4]:
                at_row, at_column, attributes, body_start, _ = cell
                body = data[body_start : token.start()] if closing else b""
                if len(body) > MAX_TEXT_CHARACTERS:
                    scan.long_text = True
                if valued:
                    scan.reach(at_row + 1, at_column)
                _note_cell(scan, at_row + 1, at_column, attributes, body)
                cell = None
    return scan


def _parse_attributes(text: bytes) -> dict[str, str]:
    if _ATTRIBUTE_LIST.fullmatch(text) is None:
        raise ScanError("is not well-formed XML (a tag's attributes cannot be read)")
    found: dict[str, str] = {}
    for key, double, single in _ATTRIBUTE.findall(text):
        name = key.decode("utf-8", "replace")
        if name in found:
            raise ScanError(f"is not well-formed XML (attribute {name!r} given twice)")
        found[name] = (double or single).decode("utf-8", "replace")
    return found


def _row_number(text: str) -> int:
    """A row's ``r`` as calamine reads it: letters ignored, then digits."""
    found = re.fullmatch(r"[A-Za-z]*([0-9]+)", text)
    if found is None or int(found.group(1)) < 1:
        raise ScanError(f"has a row numbered {text!r}, which is not a row number")
    if int(found.group(1)) > MAX_ROWS:
        raise ScanError(_beyond(f"row {found.group(1)}"))
    return int(found.group(1))


def _cell_position(text: str) -> tuple[int, int]:
    """A cell's ``r`` as (row, column), both from 0."""
    found = re.fullmatch(r"([A-Za-z]+)([0-9]+)", text)
    if found is None or int(found.group(2)) < 1:
        raise ScanError(f"has a cell at {text!r}, which is not a cell reference")
    row, column = int(found.group(2)), _column_number(found.group(1))
    if row > MAX_ROWS or column > MAX_COLUMNS:
        raise ScanError(_beyond(text))
    return row - 1, column - 1


# --------------------------------------------------------------------------- strings


class StringsScanner:
    """The shared strings part, fed piece by piece: how many strings it holds, how many
    it declares, and whether one may be longer than a cell's text can be."""

    def __init__(self) -> None:
        self.scan = StringsScan()
        self._carry = b""
        self._last = -1  # where the last string began, counted from the part's start
        self._offset = 0  # where the carry begins, counted from the part's start

    def feed(self, piece: bytes) -> None:
        for start in range(0, len(piece), _PIECE):
            self._scan(self._carry + piece[start : start + _PIECE], final=False)

    def finish(self) -> StringsScan:
        self._scan(self._carry, final=True)
        return self.scan

    def _scan(self, data: bytes, *, final: bool) -> None:
        if b"\x00" in data:
            raise ScanError("holds bytes that are not text")
        piece = _Piece(data)
        piece.refuse_declarations()
        lt = piece.where(_LT)
        # The last tag may go on in the next piece.
        stop = len(data) if final or not len(lt) else int(lt[-1])
        self._carry = data[stop:]
        if not final and len(self._carry) > MAX_TEXT_BYTES + _PIECE:
            raise ScanError(f"holds more than {MAX_TEXT_BYTES >> 20} MiB of text in one place")
        if self.scan.declared is None and b"sst" in data:
            for at in piece.tags(b"sst").opening().before(stop).start[:1]:
                tag = _TAG.match(data, int(at))
                given = _attributes(tag.group(1) if tag else b"").get("uniqueCount")
                self.scan.declared = -1 if given is None else _count(given)
        starts = piece.tags(b"si").opening().before(stop).start + self._offset
        self.scan.strings += len(starts)
        marks = np.concatenate([[self._last] if self._last >= 0 else [], starts])
        if final:
            marks = np.concatenate([marks, [self._offset + len(data)]])
        if len(marks) > 1 and (np.diff(marks) > MAX_TEXT_CHARACTERS).any():
            self.scan.long_text = True
        if len(starts):
            self._last = int(starts[-1])
        self._offset += stop


def _count(text: str) -> int:
    if not text.strip().isdigit():
        raise ScanError(f"declares {text!r} strings, which is not a count")
    return int(text)


# --------------------------------------------------------------------------- cells


def _attributes(text: bytes | None) -> dict[str, str]:
    return {
        local_name(name.decode("utf-8", "replace")): (double or single).decode("utf-8", "replace")
        for name, double, single in _ATTRIBUTE.findall(text or b"")
    }


def local_name(tag: str) -> str:
    """An XML tag or attribute name without its namespace."""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _note_cell(
    scan: SheetScan, row: int, column: int, attributes: dict[str, str], body: bytes
) -> None:
    """Record a formula or error cell; calamine reads both without saying what they were."""
    kind = attributes.get("t", "n")
    if kind != "e" and b"f" not in body:
        return
    value = re.search(rb"<(?:[\w.-]+:)?v(?:\s[^>]*)?(?:/>|>(.*?)</(?:[\w.-]+:)?v>)", body, re.S)
    saved = (
        None if value is None else html.unescape((value.group(1) or b"").decode("utf-8", "replace"))
    )
    if kind == "e":
        scan.errors.append(Cell(row, column, saved or "#VALUE!"))
        return
    formula = re.search(rb"<(?:[\w.-]+:)?f(?:\s[^>]*)?(?:/>|>(.*?)</(?:[\w.-]+:)?f>)", body, re.S)
    if formula is None:
        return
    text = html.unescape((formula.group(1) or b"").decode("utf-8", "replace")).strip()
    note = Cell(row, column, f"={text}" if text else "(a shared formula)")
    # Excel saves a formula whose result is empty text as t="str" with an empty value.
    if saved is None or (saved == "" and kind != "str"):
        scan.uncached.append(note)
    else:
        scan.cached.append(note)
