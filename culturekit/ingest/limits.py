"""The limits of what is read from a workbook or a CSV file, stated once.

A worksheet has at most MAX_ROWS rows and MAX_COLUMNS columns, and a cell at most
MAX_TEXT_CHARACTERS characters: Excel's own limits, so a file that goes beyond them was
not saved by Excel. MAX_SHEET_CELLS bounds the memory a sheet may take, whoever wrote it.
"""

from __future__ import annotations

# A worksheet's last row and column (XFD).
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
# The most characters a cell holds, in Excel and in culturekit (CSV files too).
MAX_TEXT_CHARACTERS = 32_767
# A sheet whose cells span more than this, counted from A1 to its last cell holding a
# value, is refused before reading: reading it would hold every cell in between. The same
# limit holds for the fields of a CSV file.
MAX_SHEET_CELLS = 10_000_000
