"""One registry from (result type, format) to renderer, and each output's file name.

Adding a format or a document is one entry here. Renderers are named as
``"module:function"`` and imported only when their format is rendered, so matplotlib,
Typst and openpyxl load only for the outputs that need them.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from culturekit.errors import OutputError

# Formats whose renderers read the report templates (and so take ``templates=``).
TEMPLATED_FORMATS = frozenset({"html", "pdf"})


@dataclass(frozen=True)
class Document:
    """One kind of result and what it can be written as."""

    kind: str
    model: str
    """``"module:Class"`` of the result model."""
    files: dict[str, str]
    """Format -> file name."""
    renderers: dict[str, str]
    """Format -> ``"module:function"`` rendering the result in that format."""


def _files(report: str, data: str) -> dict[str, str]:
    """The reports are ``<report>.html|pdf|xlsx|pptx``; the data ``<data>.json``."""
    return {
        "html": f"{report}.html",
        "pdf": f"{report}.pdf",
        "json": f"{data}.json",
        "xlsx": f"{report}.xlsx",
        "pptx": f"{report}.pptx",
    }


_JSON = "culturekit.report.registry:render_json"
_PDF = "culturekit.report.pdf:render_pdf"

DOCUMENTS: tuple[Document, ...] = (
    Document(
        "diagnosis",
        "culturekit.results.diagnosis:Diagnosis",
        _files("report", "diagnosis"),
        {
            "html": "culturekit.report.html:render_html",
            "pdf": _PDF,
            "json": _JSON,
            "xlsx": "culturekit.report.excel.diagnosis:render",
            "pptx": "culturekit.report.slides:render_diagnosis_pptx",
        },
    ),
    Document(
        "comparison",
        "culturekit.results.comparison:Comparison",
        _files("compare", "comparison"),
        {
            "html": "culturekit.report.compare_html:render_compare_html",
            "pdf": _PDF,
            "json": _JSON,
            "xlsx": "culturekit.report.excel.comparison:render",
            "pptx": "culturekit.report.slides:render_comparison_pptx",
        },
    ),
    Document(
        "trend",
        "culturekit.results.trend:Trend",
        _files("trend", "trend"),
        {
            "html": "culturekit.report.trend_html:render_trend_html",
            "pdf": _PDF,
            "json": _JSON,
            "xlsx": "culturekit.report.excel.trend:render",
            "pptx": "culturekit.report.slides:render_trend_pptx",
        },
    ),
    Document(
        "network",
        "culturekit.results.network:NetworkSummary",
        _files("network", "network"),
        {
            "html": "culturekit.report.network_html:render_network_html",
            "pdf": _PDF,
            "json": _JSON,
            "xlsx": "culturekit.report.excel.network:render",
        },
    ),
)


def _load(target: str) -> Any:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def document_for(result: Any) -> Document:
    """The registered document of ``result``, by the type of its model.

    A model whose module was never imported cannot be ``result``'s type, so only loaded
    modules are looked in: checking a diagnosis does not import the comparison.
    """
    for document in DOCUMENTS:
        module, _, name = document.model.partition(":")
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(result, getattr(loaded, name)):
            return document
    raise OutputError(f"culturekit cannot write a {type(result).__name__}")


def renderer(result: Any, fmt: str) -> Callable[..., str | bytes]:
    document = document_for(result)
    if fmt not in document.renderers:
        raise OutputError(f"{fmt} output is not available for a {type(result).__name__}")
    return _load(document.renderers[fmt])  # type: ignore[no-any-return]


def render(
    result: Any,
    fmt: str,
    *,
    templates: str | Path | None = None,
    extra: dict[str, Any] | None = None,
) -> str | bytes:
    """``result`` rendered in ``fmt`` (nothing is written)."""
    render_one = renderer(result, fmt)
    if extra is not None:
        return render_one(result, templates=templates, extra=extra)
    if fmt in TEMPLATED_FORMATS:
        return render_one(result, templates=templates)
    return render_one(result)


def file_name(result: Any, fmt: str) -> str:
    """The name of ``result``'s file in ``fmt``: ``report.html``, ``comparison.json``."""
    return document_for(result).files[fmt]


def render_json(result: Any) -> str:
    return str(result.to_json())
