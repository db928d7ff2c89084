"""The Excel workbooks for analysts, built in memory with openpyxl.

Each document kind has its module (:mod:`.diagnosis`, :mod:`.comparison`,
:mod:`.network`) holding its *sheet builders*, functions from the result to a
:class:`Table` (or ``None`` when the result has nothing for it), listed in sheet order in
its ``SHEETS``; the renderer registry (:mod:`culturekit.report.registry`) names each
module's ``render``. Shared cell rules are in :mod:`.cells`, the writing in
:mod:`.workbook`.

A result type that culturekit does not know can be given sheets with
:func:`sheet_builder`::

    @sheet_builder(MyResult)
    def changes(result: MyResult) -> Table | None: ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from culturekit.errors import OutputError
from culturekit.report.excel.cells import Column, Hidden, SheetBuilder, Table, neutralise
from culturekit.report.excel.workbook import workbook_timestamp, write_workbook

__all__ = [
    "Column",
    "Hidden",
    "Table",
    "builders_for",
    "neutralise",
    "render_xlsx",
    "sheet_builder",
    "workbook_timestamp",
]

# Sheets of result types registered by callers; culturekit's own are in the registry.
_BUILDERS: dict[type, list[SheetBuilder]] = {}


def sheet_builder(result_type: type) -> Callable[[SheetBuilder], SheetBuilder]:
    """Register a sheet builder for ``result_type``; sheets follow registration order."""

    def register(builder: SheetBuilder) -> SheetBuilder:
        _BUILDERS.setdefault(result_type, []).append(builder)
        return builder

    return register


def builders_for(result: Any) -> list[SheetBuilder]:
    """The sheet builders registered with :func:`sheet_builder` for ``result``'s type."""
    for kind in type(result).__mro__:
        if kind in _BUILDERS:
            return _BUILDERS[kind]
    raise OutputError(f"Excel output is not available for a {type(result).__name__} yet")


def render_xlsx(result: Any) -> bytes:
    """The workbook of ``result``: a Diagnosis, Comparison, NetworkSummary or a type with
    registered sheet builders."""
    from culturekit.report.registry import document_for, renderer

    try:
        document_for(result)
    except OutputError:
        title = f"Culture results: {result.trust.name}" if hasattr(result, "trust") else ""
        return write_workbook(result, title, builders_for(result))
    return renderer(result, "xlsx")(result)  # type: ignore[return-value]
