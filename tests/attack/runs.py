"""Running culturekit on a crafted workbook (or pair) to every format the attacker reads."""

from __future__ import annotations

import inspect
from pathlib import Path

import culturekit
from attack.truth import Truth

FORMATS = ["html", "json", "xlsx", "pptx"]


def run(truth: Truth, out: Path) -> Path:
    """Diagnose (or compare) to every format, passing the options the API accepts."""
    if truth.post is not None:
        accepted = inspect.signature(culturekit.run_compare).parameters
        options = {k: v for k, v in truth.run_options.items() if k in accepted}
        culturekit.run_compare(truth.path, truth.post, out, formats=FORMATS, **options)
    else:
        accepted = inspect.signature(culturekit.run_diagnose).parameters
        options = {k: v for k, v in truth.run_options.items() if k in accepted}
        culturekit.run_diagnose(truth.path, out, formats=FORMATS, **options)
    return out


def diagnose_each(truth: Truth, folder: Path) -> dict[str, Path]:
    """Each collection of a pair diagnosed on its own, as a trust publishes it before the
    comparison: JSON only, the full-precision figures a reader combines with the
    comparison's (the diagnose attack reads a diagnosis's other formats)."""
    assert truth.post is not None
    accepted = inspect.signature(culturekit.run_diagnose).parameters
    options = {k: v for k, v in truth.run_options.items() if k in accepted}
    found = {}
    for collection, path in (("pre", truth.path), ("post", truth.post)):
        out = folder / f"{collection}-diagnosis"
        try:
            culturekit.run_diagnose(path, out, formats=["json"], **options)
        except culturekit.CulturekitError:
            continue  # too few respondents for a diagnosis: nothing is published
        found[collection] = out
    return found
