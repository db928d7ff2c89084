"""From files to written reports: what each command runs, as plain functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from culturekit.errors import OutputError
from culturekit.framework import Framework
from culturekit.report.files import prepare_folder, write_atomic
from culturekit.results import Diagnosis

FORMATS = ("html", "pdf", "json", "xlsx")
# Formats that need nothing beyond culturekit's own dependencies.
DEFAULT_FORMATS = ("html", "json", "xlsx")
_BASENAMES = {"diagnosis": ("report", "diagnosis"), "comparison": ("compare", "comparison")}


@dataclass
class RunResult:
    """What a run produced: the result model and the files written."""

    result: Any
    outputs: dict[str, Path] = field(default_factory=dict)


def parse_formats(text: str | Iterable[str] | None) -> tuple[str, ...]:
    if text is None:
        return DEFAULT_FORMATS
    parts = text.split(",") if isinstance(text, str) else list(text)
    wanted = [p.strip().lower() for p in parts if p.strip()]
    unknown = [p for p in wanted if p not in FORMATS]
    if unknown or not wanted:
        raise OutputError(
            f"unknown output format {', '.join(unknown) or '(none)'}; "
            f"choose from {', '.join(FORMATS)}"
        )
    return tuple(dict.fromkeys(wanted))


def _renderers(kind: str) -> dict[str, Callable[..., str | bytes]]:
    if kind == "diagnosis":
        from culturekit.report import html

        renderers: dict[str, Callable[..., str | bytes]] = {
            "html": lambda r, t: html.render_html(r, templates=t),
            "json": lambda r, t: r.to_json(),
        }
    else:
        from culturekit.report import compare_html

        renderers = {
            "html": lambda r, t: compare_html.render_compare_html(r, templates=t),
            "json": lambda r, t: r.to_json(),
        }
    renderers["pdf"] = lambda r, t: _pdf(r, t, kind)
    renderers["xlsx"] = lambda r, t: _xlsx(r, kind)
    return renderers


def _pdf(result: Any, templates: str | Path | None, kind: str) -> bytes:
    from culturekit.report.pdf import render_pdf

    return render_pdf(result, templates=templates)


def _xlsx(result: Any, kind: str) -> bytes:
    from culturekit.report.excel import render_xlsx

    return render_xlsx(result)


def write_report(
    result: Diagnosis | Any,
    out_dir: str | Path,
    formats: Iterable[str] = DEFAULT_FORMATS,
    *,
    templates: str | Path | None = None,
) -> dict[str, Path]:
    """Render ``result`` (a Diagnosis or Comparison) in each format, then write the files.

    Everything is rendered in memory first, so a failure leaves no new file behind; each
    file is then written atomically.
    """
    kind = "diagnosis" if isinstance(result, Diagnosis) else "comparison"
    stem_report, stem_data = _BASENAMES[kind]
    names = {"html": f"{stem_report}.html", "pdf": f"{stem_report}.pdf",
             "json": f"{stem_data}.json", "xlsx": f"{stem_report}.xlsx"}
    renderers = _renderers(kind)
    rendered = {fmt: renderers[fmt](result, templates) for fmt in parse_formats(list(formats))}
    folder = prepare_folder(out_dir)
    return {fmt: write_atomic(folder / names[fmt], content) for fmt, content in rendered.items()}


def run_diagnose(
    path: str | Path | None,
    out_dir: str | Path,
    *,
    sources: Mapping[str, str | Path | None] | None = None,
    trust: Mapping[str, Any] | None = None,
    framework: Framework | str | Path | None = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
    templates: str | Path | None = None,
    include_comments: bool = False,
) -> RunResult:
    """Load, diagnose and write the reports: ``culturekit diagnose`` as a function."""
    from culturekit.diagnose import diagnose
    from culturekit.ingest.workbook import load

    data = load(path, **dict(sources or {}), trust=trust, framework=framework)
    diagnosis = diagnose(data, include_comments=include_comments)
    outputs = write_report(diagnosis, out_dir, formats, templates=templates)
    return RunResult(result=diagnosis, outputs=outputs)


def run_compare(
    pre: str | Path,
    post: str | Path,
    out_dir: str | Path,
    *,
    framework: Framework | str | Path | None = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
    templates: str | Path | None = None,
    correction: str = "holm",
    allow_different_trusts: bool = False,
) -> RunResult:
    """Load both collections, compare them and write the reports."""
    from culturekit.compare import compare

    comparison = compare(pre, post, framework=framework, correction=correction,  # type: ignore[arg-type]
                         allow_different_trusts=allow_different_trusts)
    outputs = write_report(comparison, out_dir, formats, templates=templates)
    return RunResult(result=comparison, outputs=outputs)
