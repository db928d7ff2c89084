"""What each command runs, as plain functions: from files to written reports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from culturekit.errors import OutputError, refuse_existing
from culturekit.files import Identity, prepare_folder, refuse_overwriting_inputs, write_atomic
from culturekit.framework import Framework, dump_framework, load_framework
from culturekit.framework.defaults import builtin_framework_path
from culturekit.report.registry import file_name, render

if TYPE_CHECKING:
    from culturekit.results.diagnosis import Diagnosis

FORMATS = ("html", "pdf", "json", "xlsx", "pptx")
# Formats that need nothing beyond culturekit's own dependencies.
DEFAULT_FORMATS = ("html", "json", "xlsx")


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


def write_report(
    result: Diagnosis | Any,
    out_dir: str | Path,
    formats: Iterable[str] = DEFAULT_FORMATS,
    *,
    templates: str | Path | None = None,
    inputs: Iterable[str | Path | None] | Mapping[Identity, Path] = (),
) -> dict[str, Path]:
    """Render ``result`` (a Diagnosis, Comparison, Trend or NetworkSummary) in each format, then
    write the files.

    An output that would replace one of ``inputs`` (the files the result was made from,
    under any name) or lie inside the ``templates`` folder is refused with
    :class:`~culturekit.errors.OutputError` before anything is written. Everything is
    rendered in memory first, so a failure leaves no new file behind; each file is then
    written atomically.
    """
    wanted = parse_formats(list(formats))
    refuse_overwriting_inputs(
        [Path(out_dir) / file_name(result, fmt) for fmt in wanted], inputs, templates
    )
    rendered = {fmt: render(result, fmt, templates=templates) for fmt in wanted}
    folder = prepare_folder(out_dir)
    return {
        fmt: write_atomic(folder / file_name(result, fmt), content)
        for fmt, content in rendered.items()
    }


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
    group_by: Sequence[str] | None = None,
    partial: bool = False,
) -> RunResult:
    """Load, diagnose and write the reports: ``culturekit diagnose`` as a function.

    ``group_by`` names columns to break scores down by, and ``partial`` asks for a
    partial diagnosis of data without staff answers (see :func:`culturekit.load`).
    """
    from culturekit.ahead import ahead
    from culturekit.ingest.workbook import load
    from culturekit.tasks import warm_up

    wanted = parse_formats(list(formats))
    # The input is read while what scores and renders it is imported.
    data = ahead(
        lambda: load(
            path,
            **dict(sources or {}),
            trust=trust,
            framework=framework,
            group_by=group_by,
            partial=partial,
        ),
        lambda: warm_up(wanted, ("diagnosis",)),
    )
    from culturekit.diagnosis import diagnose

    diagnosis = diagnose(data, include_comments=include_comments)
    read = [path, *(sources or {}).values(), _file(framework)]
    outputs = write_report(diagnosis, out_dir, formats, templates=templates, inputs=read)
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
    group_by: Sequence[str] | None = None,
) -> RunResult:
    """Load both collections, compare them and write the reports.

    ``group_by`` names columns to break scores down by in both (see
    :func:`culturekit.load`).
    """
    from culturekit.comparison import compare

    comparison = compare(
        pre,
        post,
        framework=framework,
        correction=correction,  # type: ignore[arg-type]
        allow_different_trusts=allow_different_trusts,
        group_by=group_by,
    )
    read = [pre, post, _file(framework)]
    outputs = write_report(comparison, out_dir, formats, templates=templates, inputs=read)
    return RunResult(result=comparison, outputs=outputs)


def run_trend(
    collections: Sequence[str | Path],
    out_dir: str | Path,
    *,
    framework: Framework | str | Path | None = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
    templates: str | Path | None = None,
    correction: str = "holm",
    group_by: Sequence[str] | None = None,
) -> RunResult:
    """Load the collections of one trust, follow them in period order and write the
    reports: ``culturekit trend`` as a function (see :func:`culturekit.trends.trend`)."""
    from culturekit.trends import trend

    found = trend(
        collections,
        framework=framework,
        correction=correction,  # type: ignore[arg-type]
        group_by=group_by,
    )
    read = [*collections, _file(framework)]
    outputs = write_report(found, out_dir, formats, templates=templates, inputs=read)
    return RunResult(result=found, outputs=outputs)


def _file(framework: Framework | str | Path | None) -> str | Path | None:
    """The framework's file, when it was given as one (not by a built-in's name)."""
    if framework is None or isinstance(framework, Framework):
        return None
    return None if builtin_framework_path(framework) is not None else framework


def framework_text(framework: Framework | str | Path | None = None) -> str:
    """The framework (default: the packaged one) as the YAML a framework file holds."""
    fw = framework if isinstance(framework, Framework) else load_framework(framework)
    return dump_framework(fw)


def framework_list() -> str:
    """The frameworks shipped in the package, one a line: the name ``--framework`` takes,
    then the framework's title (the first is the default)."""
    from culturekit.framework import builtin_frameworks

    frameworks = builtin_frameworks()
    width = max(len(f.id) for f in frameworks)
    lines = [
        f"{f.id:<{width}}  {f.name}" + ("  (default)" if k == 0 else "")
        for k, f in enumerate(frameworks)
    ]
    return "\n".join(lines) + "\n"


def write_framework(
    path: str | Path,
    framework: Framework | str | Path | None = None,
    *,
    overwrite: bool = False,
) -> Path:
    """Write a copy of the framework (default: the packaged one) to edit and load again.

    An existing file is replaced only with ``overwrite``; otherwise
    :class:`~culturekit.errors.ExistingFileError` is raised and the file is left alone.
    """
    path = Path(path)
    text = framework_text(framework)
    refuse_existing(path, overwrite)
    refuse_overwriting_inputs([path], [_file(framework)], remedy="choose another file to write")
    return write_atomic(path, text)
