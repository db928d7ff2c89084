"""The PDF report: Typst source from the PDF templates, compiled to PDF/UA-1 by Typst.

The templates (``templates/pdf/*.typ``) receive exactly what the HTML report's receive
(the same page contexts, filters and display data from the presentation layer) and lay
it out for A4: a cover, a contents page whose entries link to their sections and give
their pages, a running header with the trust, the period and the section, "Page x of y",
tables whose header row repeats on each page and whose rows never split, and the charts
as vector images with the HTML's chart descriptions as their alternative text.

Every value from the data enters the source as a Typst string literal
(:mod:`culturekit.report.typst_source`), never as markup. The PDF is PDF/UA-1: tagged,
with a structure tree of headings, lists, tables and their header cells, the report's
title shown as the window title, and its language (British English).

Typst is a pip dependency with wheels for Windows, macOS and Linux: the PDF needs
nothing from the system. It loads nothing from outside either: the source is compiled
from memory with an empty folder as its root, and a template may import no package.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from culturekit.errors import OutputError

__all__ = ["PDF_STANDARD", "pdf_timestamp", "render_pdf", "render_typst"]

# Tagged PDF with title, language, alternative text and a structure tree.
PDF_STANDARD = "ua-1"

_TEMPLATES = {
    "diagnosis": "pdf/report.typ",
    "comparison": "pdf/compare.typ",
    "network": "pdf/network.typ",
    "trend": "pdf/trend.typ",
}
# Typst's string literals, where data lives. Data cannot write an import (it is only ever
# inside a literal); a template's import of a package ("@preview/...") would fetch code
# from the internet while the report is made, and is refused.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_PACKAGE_IMPORT = re.compile(r'\b(?:import|include)\s*"@"')


def pdf_timestamp() -> int:
    """The PDF's creation time (Unix seconds): SOURCE_DATE_EPOCH when set, else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return int(epoch)
    return int(dt.datetime.now(tz=dt.UTC).timestamp())


def _context(result: Any, kind: str) -> dict[str, Any]:
    """The page context the HTML report of ``result`` is rendered from, ``for_print`` set."""
    if kind == "diagnosis":
        from culturekit.report.html import diagnosis_context

        return {**diagnosis_context(result), "for_print": True}
    if kind == "comparison":
        from culturekit.report.compare_html import comparison_context

        return {**comparison_context(result), "for_print": True}
    if kind == "trend":
        from culturekit.report.trend_html import trend_context

        return {**trend_context(result), "for_print": True}
    from culturekit.report.network_html import summary_context

    # The PDF links each trust to its PDF report.
    return summary_context(result, for_print=True)


def render_typst(result: Any, *, templates: str | Path | None = None) -> str:
    """The Typst source of ``result``'s PDF (nothing is compiled)."""
    from culturekit.report.environment import typst_environment
    from culturekit.report.html import render_template
    from culturekit.report.registry import document_for

    kind = document_for(result).kind
    env = typst_environment(templates)
    source = render_template(env, _TEMPLATES[kind], _context(result, kind))
    # Each literal is blanked to "" (or "@" for a package's name) before looking.
    code = _STRING.sub(lambda m: '"@"' if m.group(0).startswith('"@') else '""', source)
    if _PACKAGE_IMPORT.search(code):
        raise OutputError(
            "a PDF template imports a Typst package; culturekit's reports load nothing from outside"
        )
    return source


@cache
def _fonts() -> Any:
    """The system's fonts (Arial or Liberation Sans, as the charts use), with
    matplotlib's DejaVu Sans behind them so that a machine with neither still has a sans
    serif, and every mark (▲ ▼ ● ⚑) a glyph."""
    import matplotlib
    import typst

    bundled = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return typst.Fonts(include_system_fonts=True, font_paths=[str(bundled)])


def render_pdf(result: Any, *, templates: str | Path | None = None) -> bytes:
    """The report of ``result`` (a Diagnosis, Comparison, Trend or NetworkSummary) as PDF bytes.

    Deterministic: the same result, templates, fonts and ``SOURCE_DATE_EPOCH`` give the
    same bytes.
    """
    import typst

    source = render_typst(result, templates=templates)
    # The root is a folder with nothing in it: the only files the source could read.
    with tempfile.TemporaryDirectory(prefix="culturekit-typst-") as root:
        try:
            compiler = typst.Compiler(root=root, font_paths=_fonts())
            pdf = compiler.compile(
                input=source.encode("utf-8"),
                format="pdf",
                pdf_standards=PDF_STANDARD,
                timestamp=pdf_timestamp(),
            )
        except typst.TypstError as exc:
            detail = "; ".join([exc.message, *exc.hints]) if exc.message else str(exc)
            raise OutputError(f"the PDF could not be typeset: {detail}") from exc
    if not isinstance(pdf, bytes):
        raise OutputError("the PDF could not be typeset: Typst returned no document")
    return pdf
