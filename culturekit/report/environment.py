"""The Jinja environment: shipped templates, overridable per trust."""

from __future__ import annotations

import datetime as dt
import os
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import jinja2

from culturekit.errors import OutputError
from culturekit.report import palette, typst_source
from culturekit.report.charts.figure import chart_description
from culturekit.report.presentation import numbers, tags, words
from culturekit.report.presentation.bars import answer_shares, likert_key, stacked_bar
from culturekit.report.presentation.comparison import dashboard_tally
from culturekit.report.presentation.diagnosis import breakdown_view, reliability_words
from culturekit.report.presentation.safe_text import html_text


def shipped_templates() -> Path:
    """The templates folder shipped inside the package."""
    packaged = Path(str(resources.files("culturekit"))) / "templates"
    if packaged.is_dir():
        return packaged
    raise OutputError("culturekit's report templates are missing from this installation")


# Compiled templates embed how each filter is called (with the context or not) and whether
# printed values are finalized, and Jinja checks only a template's source: bump this when
# a filter's calling convention or the finalize step changes.
_CACHE_FORMAT = 4


@cache
def _bytecode_cache(kind: str = "templates") -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (compiling them costs more than rendering).

    Jinja checks each template's source against its cached code, so an edited template is
    compiled afresh. Without a writable cache folder, templates are compiled every run.
    """
    if os.environ.get("CULTUREKIT_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "culturekit" / f"{kind}-{jinja2.__version__}-{_CACHE_FORMAT}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def _loaders(user_dir: str | None) -> jinja2.BaseLoader:
    default = jinja2.FileSystemLoader(str(shipped_templates()))
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        loaders.append(jinja2.FileSystemLoader(user_dir))
    # The shipped templates as "default:NAME" (documented) and "default/NAME".
    loaders += [
        jinja2.PrefixLoader({"default": default}, delimiter=":"),
        jinja2.PrefixLoader({"default": default}),
        default,
    ]
    return jinja2.ChoiceLoader(loaders)


def _listing(user_dir: str | None) -> frozenset[str]:
    """The files of a templates folder: a template added or removed there is a new
    environment (an edited one Jinja reloads itself)."""
    if user_dir is None:
        return frozenset()
    return frozenset(
        os.path.join(folder, name) for folder, _, names in os.walk(user_dir) for name in names
    )


# Environments are kept for the process, each with its compiled templates, so a batch
# compiles (or loads) a template once per worker, not once per trust.
@lru_cache(maxsize=8)
def _environment(user_dir: str | None, _files: frozenset[str]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_loaders(user_dir),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        # Every printed value loses its control characters, then is escaped.
        finalize=html_text,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    _install(env)
    return env


def _install(env: jinja2.Environment) -> None:
    """The filters and globals every report template receives (docs/templates.md)."""
    env.filters.update(
        score=numbers.score,
        signed=numbers.signed,
        pct=numbers.percent,
        pvalue=numbers.p_value,
        thousands=numbers.thousands,
        difference=numbers.difference,
        in_unit=numbers.in_unit,
        change_in_unit=numbers.change_in_unit,
        change_between=numbers.change_between,
        change_between_in_unit=numbers.change_between_in_unit,
        difference_words=tags.difference_words,
        long_date=words.long_date,
        heat=_heat,
        arrow=_arrow,
        ink=palette.contrast_ink,
    )
    env.globals.update(
        source_name=words.source_name,
        verdict_display=words.verdict_tag,
        reading_label=words.reading_label,
        signal_label=words.signal_label,
        evidence_mark=words.signal_mark,
        rating_label=words.rating_label,
        given_places=numbers.given_places,
        answer_bar=stacked_bar,
        answer_key=likert_key,
        item_shares=answer_shares,
        dashboard_tally=dashboard_tally,
        gap_tag=tags.gap_tag,
        change_tag=tags.change_tag,
        parity_display=tags.parity_tag,
        breakdown_view=breakdown_view,
        reliability_words=reliability_words,
        palette=palette,
    )


# A difference within the framework's direction band gets no arrow and no tint; every
# report context carries the band (see html.page_context).
@jinja2.pass_context
def _heat(context: jinja2.runtime.Context, value: float | None) -> str:
    return palette.diverging(value, context["direction_band"])


@jinja2.pass_context
def _arrow(context: jinja2.runtime.Context, value: float | None) -> str:
    return palette.direction_mark(value, context["direction_band"])


def _user_dir(templates: str | Path | None) -> str | None:
    if templates is None:
        return None
    folder = Path(templates)
    if not folder.is_dir():
        raise OutputError(f"{folder}: template folder not found")
    return str(folder.resolve())


def environment(templates: str | Path | None = None) -> jinja2.Environment:
    """Templates in ``templates`` come first; shipped ones stay reachable as ``default:``."""
    user_dir = _user_dir(templates)
    return _environment(user_dir, _listing(user_dir))


def typst_environment(templates: str | Path | None = None) -> jinja2.Environment:
    """The PDF's templates (``pdf/*.typ``), found as the HTML's are.

    Every ``{{ value }}`` becomes a Typst literal (:func:`typst_source.literal`): text from
    the data is a string and never markup, so no trust name, label or comment can change
    the document. Jinja's escaping filters are removed: there is no way to mark a value
    as safe, and a macro's output would be quoted, so these templates have no macros (the
    pieces they share are Typst functions in ``pdf/style.typ``).
    """
    user_dir = _user_dir(templates)
    return _typst_environment(user_dir, _listing(user_dir))


@lru_cache(maxsize=8)
def _typst_environment(user_dir: str | None, _files: frozenset[str]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_loaders(user_dir),
        bytecode_cache=_bytecode_cache("typst"),
        autoescape=False,
        finalize=typst_source.literal,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    _install(env)
    for name in ("safe", "e", "escape", "forceescape", "urlize", "xmlattr"):
        env.filters.pop(name, None)
    env.filters["alt"] = chart_description
    return env


def generated_at() -> str:
    """Generation time, honouring SOURCE_DATE_EPOCH for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        if epoch and epoch.isdigit()
        else dt.datetime.now(tz=dt.UTC)
    )
    return moment.strftime("%d %B %Y, %H:%M UTC").lstrip("0")
