"""The ``culturekit`` command: options in, one library call, result out.

Heavy libraries (pandas, matplotlib, Typst) are imported inside commands, so
``culturekit --help`` stays fast.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from culturekit import interrupts
from culturekit._version import __version__
from culturekit.errors import EXIT_CODES, CulturekitError, ExistingFileError, ValidationError
from culturekit.report.presentation.safe_text import terminal_text

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODE_HELP = "\n".join(f"  {code:>3}  {meaning}" for code, meaning in EXIT_CODES.items())


def _fail(message: str, code: int, given: dict[str, Any] | None = None) -> None:
    click.echo(f"Error: {_terminal_message(message, given or {})}", err=True)
    sys.exit(code)


def _terminal_message(text: str, given: dict[str, Any]) -> str:
    """An error's text for the terminal: its own line breaks kept, every control character
    from the input shown as an escape. A path given to the command (or found by a shell
    glob) is escaped whole first, so a line break in a file name cannot start a line."""
    for value in given.values():
        for path in value if isinstance(value, tuple | list) else (value,):
            if isinstance(path, str | Path) and str(path) != terminal_text(path):
                text = text.replace(str(path), terminal_text(path))
    return terminal_text(text, newlines=True)


def handle_errors(command: F) -> F:
    """Turn culturekit's own errors into ``Error: ...`` and a documented exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CulturekitError as exc:
            _fail(_with_option_hints(exc), exc.exit_code, kwargs)
        except KeyboardInterrupt:
            click.echo("Error: interrupted; no partial output was left behind", err=True)
            sys.stderr.flush()
            sys.stdout.flush()
            # Exit at once with the documented code, whatever the interpreter was doing.
            os._exit(130)
        return None

    return wrapper  # type: ignore[return-value]


# The options that supply what a library error says is missing: the library names its own
# arguments (``Problem.remedy``), never this command line's flags. Each hint is given only
# by a command that has its option.
_REMEDY_OPTIONS = {
    "trust": (
        "--trust-name",
        "Give the trust's details with --trust-name, --trust-code and --period.",
    ),
    "sources": ("--staff", "Give a WORKBOOK, or one file per source with --staff, --board, ..."),
    "partial": (
        "--partial",
        "To diagnose without staff answers, use --partial: the report then opens by saying "
        "it is a partial diagnosis.",
    ),
}

# The same for an error's own remedy: the command-line wording replaces the library's hint.
_ERROR_REMEDIES = {
    "allow_different_trusts": "To compare them anyway, use --allow-different-trusts.",
    "framework": "Score both collections against the same framework (--framework).",
    "write_framework": "Start from a copy of the default: culturekit framework --write FILE",
}


def _with_option_hints(exc: CulturekitError) -> str:
    """The error's text, with the command-line way to fix it where there is one."""
    text = str(exc)
    if isinstance(exc, ExistingFileError):
        return f"{text}; use --force to replace it"
    if exc.remedy in _ERROR_REMEDIES:
        text = f"{exc.message}\n{_ERROR_REMEDIES[exc.remedy]}"
    if isinstance(exc, ValidationError):
        remedies = dict.fromkeys(p.remedy for p in exc.problems if p.remedy in _REMEDY_OPTIONS)
        options = _command_options()
        for remedy in remedies:
            option, hint = _REMEDY_OPTIONS[remedy or ""]
            if option in options:
                text += f"\n{hint}"
    return text


def _command_options() -> set[str]:
    """The options of the command running now."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return set()
    return {opt for param in ctx.command.params for opt in param.opts}


def _checked_path(shown: str) -> click.Path:
    """A path culturekit checks itself, shown in the help as ``shown``: a folder, a named
    pipe or a device given as a file, or a file as the output folder, is refused with
    culturekit's own message and exit code (3, or 7), not as a usage error (2)."""
    path = click.Path(path_type=Path)
    path.name = shown  # what the help shows: FILE, DIRECTORY
    return path


existing_file = _checked_path("file")


def output_option(help_text: str = "Folder for the reports.") -> Callable[[F], F]:
    return click.option(
        "-o",
        "--output",
        "out_dir",
        type=_checked_path("directory"),
        default=Path("out"),
        show_default=True,
        help=help_text,
    )


def format_option(note: str | None = None) -> Callable[[F], F]:
    aside = f" ({note})" if note else ""
    return click.option(
        "--format",
        "formats",
        default="html,json,xlsx",
        show_default=True,
        help=f"Comma-separated outputs from html, pdf, json, xlsx, pptx{aside}.",
    )


def templates_option(
    help_text: str = "Folder of templates that override the shipped ones.",
) -> Callable[[F], F]:
    return click.option(
        "--templates", type=click.Path(file_okay=False, path_type=Path), help=help_text
    )


def framework_option(
    help_text: str = "Framework file, or built-in framework name (`culturekit framework "
    "--list`), to use instead of the default.",
) -> Callable[[F], F]:
    return click.option("--framework", "framework_path", type=existing_file, help=help_text)


group_by_option = click.option(
    "--group-by",
    "group_by",
    multiple=True,
    metavar="COL",
    help="Also break scores down by column COL of the survey sheets (repeat it, or "
    "separate columns with commas). Other columns the input format does not name are "
    "ignored.",
)


def _group_by(values: tuple[str, ...]) -> list[str]:
    """``--group-by a --group-by b,c`` as ``["a", "b", "c"]``."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


quiet_option = click.option("-q", "--quiet", is_flag=True, help="Print only the paths written.")

partial_option = click.option(
    "--partial",
    is_flag=True,
    help="Accept data without staff answers as a partial diagnosis: every report then "
    "opens by saying what it is not. Without it such data are refused (exit 4).",
)

source_options = [
    click.option(
        "--staff", type=existing_file, help="Staff survey as its own file (.xlsx or .csv)."
    ),
    click.option("--board", type=existing_file, help="Board interviews as their own file."),
    click.option("--stakeholders", type=existing_file, help="Stakeholder survey as its own file."),
    click.option("--workforce", type=existing_file, help="Workforce extract as its own file."),
    click.option(
        "--recruitment", type=existing_file, help="Shortlisted applicants as their own file."
    ),
    click.option(
        "--dashboard", type=existing_file, help="Culture and outcomes dashboard as its own file."
    ),
    click.option("--trust-name", help="Trust name, when no file has a Trust sheet."),
    click.option("--trust-code", help="Trust ODS code, when no file has a Trust sheet."),
    click.option("--period", help="Collection label, when no file has a Trust sheet."),
    framework_option(
        "Framework file, or built-in framework name such as nhs-staff-survey, to use instead "
        "of the default (see `culturekit framework --list`)."
    ),
]


def with_source_options(command: F) -> F:
    for option in reversed(source_options):
        command = option(command)
    return command


def _sources(options: dict[str, Any]) -> tuple[dict[str, Path | None], dict[str, Any] | None]:
    sources = {
        k: options.pop(k)
        for k in ("staff", "board", "stakeholders", "workforce", "recruitment", "dashboard")
    }
    trust_fields = {
        "name": options.pop("trust_name"),
        "code": options.pop("trust_code"),
        "period": options.pop("period"),
    }
    trust = None
    if any(v is not None for v in trust_fields.values()):
        missing = [
            f"--trust-{k}" if k != "period" else "--period"
            for k, v in trust_fields.items()
            if v is None
        ]
        if missing:
            raise click.UsageError(
                "--trust-name, --trust-code and --period go together; missing " + ", ".join(missing)
            )
        trust = trust_fields
    return sources, trust


def _print_run(run: Any, summary: str | None) -> None:
    """The run's summary table (``summary`` names its function in the terminal module;
    None for none), then each file written."""
    if summary is not None:
        from culturekit.report import terminal

        click.echo(getattr(terminal, summary)(run.result))
        click.echo("")
    for path in run.outputs.values():
        click.echo(terminal_text(f"Wrote {path}"))


@click.group(
    context_settings={
        "help_option_names": ["-h", "--help"],
        "terminal_width": 88,
        "max_content_width": 88,
    },
    epilog=f"Exit codes:\n\n\b\n{EXIT_CODE_HELP}",
)
@click.version_option(__version__, prog_name="culturekit")
def cli() -> None:
    """Diagnose an NHS trust's culture from its Discover data.

    Score a trust's workbook against the six cultural elements and write its culture
    report (HTML, PDF, JSON, Excel); compare two collections; check a workbook; write a
    blank workbook to fill in.
    """


@cli.command()
@click.argument("workbook", required=False, type=existing_file)
@output_option()
@format_option()
@templates_option("Folder of templates that override the shipped ones (trust branding).")
@click.option(
    "--include-comments",
    is_flag=True,
    help="Show free-text comments (only for sources at or above the comment threshold).",
)
@group_by_option
@partial_option
@quiet_option
@with_source_options
@handle_errors
def diagnose(
    workbook: Path | None,
    out_dir: Path,
    formats: str,
    templates: Path | None,
    include_comments: bool,
    group_by: tuple[str, ...],
    partial: bool,
    quiet: bool,
    framework_path: Path | None,
    **options: Any,
) -> None:
    """Score a trust's workbook and write its culture report.

    WORKBOOK holds one sheet per source; --staff, --board, ... give a source as a file of
    its own instead.
    """
    from culturekit.api import parse_formats, run_diagnose

    sources, trust = _sources(options)
    if workbook is None and not any(sources.values()):
        raise click.UsageError("name a WORKBOOK, or give sources with --staff, --board, ...")
    run = run_diagnose(
        workbook,
        out_dir,
        sources=sources,
        trust=trust,
        framework=framework_path,
        formats=parse_formats(formats),
        templates=templates,
        include_comments=include_comments,
        group_by=_group_by(group_by),
        partial=partial,
    )
    _print_run(run, None if quiet else "summary_table")


@cli.command()
@click.argument("workbook", required=False, type=existing_file)
@group_by_option
@partial_option
@with_source_options
@handle_errors
def validate(
    workbook: Path | None,
    group_by: tuple[str, ...],
    partial: bool,
    framework_path: Path | None,
    **options: Any,
) -> None:
    """Check a workbook against the input format without scoring it.

    Every problem is listed with its file, sheet, row and column. Exits 0 when the
    workbook is valid.
    """
    from culturekit.ingest.workbook import load

    sources, trust = _sources(options)
    if workbook is None and not any(sources.values()):
        raise click.UsageError("name a WORKBOOK, or give sources with --staff, --board, ...")
    data = load(
        workbook,
        **sources,
        trust=trust,
        framework=framework_path,
        group_by=_group_by(group_by),
        partial=partial,
    )
    for notice in data.notices:
        click.echo(terminal_text(f"Note: {notice}"))
    if data.partial:
        click.echo("Note: no staff answers: only a partial diagnosis can be made of these data")
    parts = []
    for source, survey in data.surveys.items():
        parts.append(f"{source} {survey.n_rows:,} rows")
    for name in ("workforce", "recruitment"):
        part = getattr(data, name)
        if part is not None:
            parts.append(f"{name} {len(part.frame):,} rows")
    if data.dashboard is not None:
        parts.append(f"dashboard {len(data.dashboard.indicators)} indicators")
    click.echo(
        terminal_text(
            f"Valid: {data.trust.name} ({data.trust.code}), {data.trust.period}: "
            + ", ".join(parts)
        )
    )


@cli.command()
@click.argument("pre", type=existing_file)
@click.argument("post", type=existing_file)
@output_option()
@format_option()
@templates_option()
@click.option(
    "--correction",
    type=click.Choice(["holm", "fdr_bh"]),
    default="holm",
    show_default=True,
    help="Multiple-testing correction: Holm (family-wise) or Benjamini-Hochberg.",
)
@click.option(
    "--allow-different-trusts", is_flag=True, help="Compare collections of two different trusts."
)
@group_by_option
@framework_option()
@quiet_option
@handle_errors
def compare(
    pre: Path,
    post: Path,
    out_dir: Path,
    formats: str,
    templates: Path | None,
    correction: str,
    allow_different_trusts: bool,
    group_by: tuple[str, ...],
    framework_path: Path | None,
    quiet: bool,
) -> None:
    """Compare two collections of a trust (PRE and POST workbooks): what changed."""
    from culturekit.api import parse_formats, run_compare

    run = run_compare(
        pre,
        post,
        out_dir,
        framework=framework_path,
        formats=parse_formats(formats),
        templates=templates,
        correction=correction,
        allow_different_trusts=allow_different_trusts,
        group_by=_group_by(group_by),
    )
    _print_run(run, None if quiet else "comparison_table")


@cli.command()
@click.argument("workbooks", nargs=-1, required=True, type=existing_file)
@output_option()
@format_option()
@templates_option()
@click.option(
    "--correction",
    type=click.Choice(["holm", "fdr_bh"]),
    default="holm",
    show_default=True,
    help="Multiple-testing correction of each pair: Holm (family-wise) or Benjamini-Hochberg.",
)
@group_by_option
@framework_option()
@quiet_option
@handle_errors
def trend(
    workbooks: tuple[Path, ...],
    out_dir: Path,
    formats: str,
    templates: Path | None,
    correction: str,
    group_by: tuple[str, ...],
    framework_path: Path | None,
    quiet: bool,
) -> None:
    """Follow one trust over many collections (WORKBOOKS, in any order): is the culture
    changing?

    The collections are put in period order and each neighbouring pair is compared as
    `compare` compares it; collections of different trusts, or with the same period, are
    refused (exit 6).
    """
    from culturekit.api import parse_formats, run_trend

    run = run_trend(
        list(workbooks),
        out_dir,
        framework=framework_path,
        formats=parse_formats(formats),
        templates=templates,
        correction=correction,
        group_by=_group_by(group_by),
    )
    _print_run(run, None if quiet else "trend_table")


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--framework",
    "framework_path",
    type=existing_file,
    help="Framework (file or built-in name) whose items the workbook asks for.",
)
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@handle_errors
def template(path: Path, framework_path: Path | None, force: bool) -> None:
    """Write a blank trust workbook to fill in, with instructions and drop-down lists."""
    from culturekit.template import write_template

    written = write_template(path, framework_path, overwrite=force)
    click.echo(terminal_text(f"Wrote {written}"))


@cli.command()
@click.option(
    "--write",
    "write_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the framework to this file (to edit and pass as --framework).",
)
@click.option(
    "--framework",
    "framework_path",
    type=existing_file,
    help="Check and show this framework file (or built-in framework) instead of the default.",
)
@click.option("--list", "list_builtin", is_flag=True, help="List the built-in frameworks by name.")
@click.option("--force", is_flag=True, help="Replace the --write file if it exists.")
@handle_errors
def framework(
    write_path: Path | None, framework_path: Path | None, list_builtin: bool, force: bool
) -> None:
    """Print the active framework (elements, items, scale, thresholds), or write a copy."""
    from culturekit.api import framework_list, framework_text, write_framework

    if list_builtin:
        click.echo(terminal_text(framework_list(), newlines=True), nl=False)
        return
    if write_path is None:
        click.echo(terminal_text(framework_text(framework_path), newlines=True), nl=False)
        return
    written = write_framework(write_path, framework_path, overwrite=force)
    click.echo(terminal_text(f"Wrote {written}"))


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@output_option("Folder for every trust's reports and the network summary.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Trusts diagnosed at once (default: the number of cores).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS|FILE",
    help="Run the trusts on a Dask cluster, given its scheduler's address "
    "(tcp://host:8786) or scheduler file. Needs culturekit[dask] here and on the workers; "
    "no disk need be shared.",
)
@format_option("json is always written")
@click.option(
    "--compare",
    "with_compare",
    is_flag=True,
    help="Pair workbooks of the same trust by period and compare each pair; a trust with "
    "three or more collections also gets its trend.",
)
@click.option(
    "--anonymise",
    is_flag=True,
    help="Label trusts Trust A, Trust B, ... in every output of the run.",
)
@click.option(
    "--force", is_flag=True, help="Rebuild outputs even when up to date with their input."
)
@templates_option()
@group_by_option
@partial_option
@framework_option()
@handle_errors
def batch(
    paths: tuple[str, ...],
    out_dir: Path,
    jobs: int | None,
    scheduler: str | None,
    formats: str,
    with_compare: bool,
    anonymise: bool,
    force: bool,
    templates: Path | None,
    group_by: tuple[str, ...],
    partial: bool,
    framework_path: Path | None,
) -> None:
    """Diagnose many workbooks (files, folders, globs) and write a network summary.

    One trust's failure never stops the others: a path that is missing, unreadable or a
    folder, or a workbook that cannot be diagnosed, is one FAILED row of the table with
    the exit code diagnosing it alone would give (3: cannot be read, 4: breaks the input
    format). The reports and network summary of the rest are still written, and the run
    exits 8 when any failed. With --scheduler the trusts run on a Dask cluster, and the
    run exits 9 when it cannot reach it.
    """

    from culturekit.api import parse_formats
    from culturekit.batch import batch as run_batch
    from culturekit.cluster import cluster_executor
    from culturekit.errors import BatchError
    from culturekit.framework import load_framework
    from culturekit.ingest.groupings import with_groupings
    from culturekit.report.progress import BatchProgress
    from culturekit.report.terminal import batch_table

    # The declared columns travel in the framework, so every trust and pair is loaded
    # with them and an output is rebuilt when they change.
    framework = with_groupings(load_framework(framework_path), _group_by(group_by))
    if scheduler is not None and jobs is not None:
        raise click.UsageError("--jobs sets this machine's workers; a cluster has its own")

    def say(text: str) -> None:
        click.echo(terminal_text(text), err=True)

    with cluster_executor(scheduler, say) as executor:
        result = run_batch(
            paths,
            out_dir,
            executor=executor,
            jobs=jobs,
            formats=parse_formats(formats),
            framework=framework,
            templates=templates,
            force=force,
            compare=with_compare,
            anonymise_trusts=anonymise,
            progress=BatchProgress(sys.stderr),
            partial=partial,
        )
    click.echo(batch_table(result))
    if not result.ok:
        raise BatchError(
            f"{len(result.failed)} of {len(result.trusts)} workbooks failed; see the table above"
            if result.failed
            else "a comparison failed; see the table above"
        )


def main() -> None:
    # Ctrl-C and SIGTERM clean up and exit with their documented codes, never a traceback
    # (already installed when the package was imported as the command; again for callers
    # of main() itself).
    interrupts.install()
    try:
        cli(prog_name="culturekit")
    finally:
        interrupts.finish()
        # The command is done: what it made is not searched for reference cycles as the
        # interpreter shuts down (a large trust's results took a third of a second so).
        gc.freeze()


if __name__ == "__main__":
    main()
