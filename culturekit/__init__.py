"""culturekit: diagnose an NHS trust's culture from its Discover data.

The public API::

    import culturekit

    data = culturekit.load("trust.xlsx")            # validated TrustData
    diagnosis = culturekit.diagnose(data)           # a Diagnosis result model
    html = culturekit.render_html(diagnosis)        # the report as text
    culturekit.write_report(diagnosis, "out/", ["html", "json"])
    change = culturekit.compare("pre.xlsx", "post.xlsx")
    over_time = culturekit.trend(["2025.xlsx", "2026.xlsx", "2027.xlsx"])

Names are imported on first use, so ``import culturekit`` (and the command line's
``--help``) does not load pandas or matplotlib.
"""

from __future__ import annotations

# ruff: noqa: E402
# First of all: run as the command, Ctrl-C and SIGTERM are handled from here on, so one
# landing in the imports below ends cleanly too (a program importing culturekit keeps its
# own signal handling).
from culturekit import interrupts as _interrupts

_interrupts.install_if_command()

from importlib import import_module
from typing import TYPE_CHECKING, Any

from culturekit._version import __version__
from culturekit.errors import (
    BatchError,
    ComparisonError,
    CulturekitError,
    ExistingFileError,
    FrameworkError,
    InputFileError,
    OutputError,
    Problem,
    ValidationError,
)

if TYPE_CHECKING:
    from culturekit.api import (
        RunResult,
        framework_text,
        run_compare,
        run_diagnose,
        run_trend,
        write_framework,
        write_report,
    )
    from culturekit.comparison import Comparison, compare
    from culturekit.diagnosis import diagnose
    from culturekit.framework import Framework, default_framework, load_framework
    from culturekit.ingest.models import TrustData, TrustInfo
    from culturekit.ingest.workbook import load
    from culturekit.report.html import render_html
    from culturekit.results import Diagnosis
    from culturekit.template import write_template
    from culturekit.trends import Trend, trend

_LAZY: dict[str, str] = {
    "load": "culturekit.ingest.workbook",
    "TrustData": "culturekit.ingest.models",
    "TrustInfo": "culturekit.ingest.models",
    "diagnose": "culturekit.diagnosis",
    "Diagnosis": "culturekit.results",
    "compare": "culturekit.comparison",
    "Comparison": "culturekit.comparison",
    "Framework": "culturekit.framework",
    "load_framework": "culturekit.framework",
    "default_framework": "culturekit.framework",
    "render_html": "culturekit.report.html",
    "write_report": "culturekit.api",
    "run_diagnose": "culturekit.api",
    "run_compare": "culturekit.api",
    "RunResult": "culturekit.api",
    "write_framework": "culturekit.api",
    "framework_text": "culturekit.api",
    "write_template": "culturekit.template",
    "trend": "culturekit.trends",
    "Trend": "culturekit.trends",
    "run_trend": "culturekit.api",
}

__all__ = [
    "BatchError",
    "Comparison",
    "ComparisonError",
    "CulturekitError",
    "Diagnosis",
    "ExistingFileError",
    "Framework",
    "FrameworkError",
    "InputFileError",
    "OutputError",
    "Problem",
    "RunResult",
    "Trend",
    "TrustData",
    "TrustInfo",
    "ValidationError",
    "__version__",
    "compare",
    "default_framework",
    "diagnose",
    "framework_text",
    "load",
    "load_framework",
    "render_html",
    "run_compare",
    "run_diagnose",
    "run_trend",
    "trend",
    "write_framework",
    "write_report",
    "write_template",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'culturekit' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
