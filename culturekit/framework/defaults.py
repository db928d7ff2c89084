"""The packaged default framework file as the one statement of every default rule.

A framework file may leave out any rule (or the whole ``rules`` mapping) and the top-level
thresholds; what it leaves out is taken from ``default.yaml``, key by key. Nothing else
in the package writes a default value for a rule.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DEFAULT_FRAMEWORK_PATH = Path(__file__).with_name("default.yaml")
# The frameworks shipped in the package, by the name ``--framework`` takes (the file's id):
# the default first.
BUILTIN_FRAMEWORKS: dict[str, Path] = {
    "clp-discover": DEFAULT_FRAMEWORK_PATH,
    "nhs-staff-survey": Path(__file__).with_name("nhs-staff-survey.yaml"),
}


def builtin_framework_path(name: object) -> Path | None:
    """The packaged file of a built-in framework named ``name``, else None.

    A value that is exactly a built-in framework's name names it, even where a file of that
    name exists (``./nhs-staff-survey`` names the file).
    """
    if isinstance(name, str | Path):
        return BUILTIN_FRAMEWORKS.get(str(name))
    return None


# The top-level keys that are rules rather than content (elements, items, scale).
TOP_LEVEL_RULES = (
    "reporting_threshold",
    "comment_threshold",
    "min_share_answered",
    "confidence_level",
)


def read_yaml(text: str) -> Any:
    # The C loader when PyYAML has it: the same safe subset, several times faster.
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# Mappings of settings merged key by key, as ``rules`` is.
SETTINGS = ("rules", "drivers")


@lru_cache(maxsize=1)
def _default_rules() -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    data = read_yaml(DEFAULT_FRAMEWORK_PATH.read_text(encoding="utf-8"))
    return {k: data[k] for k in TOP_LEVEL_RULES}, {k: dict(data[k]) for k in SETTINGS}


def with_default_rules(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with every rule it does not state taken from the default framework file.

    The merge is one level deep: a rule the file states replaces the default whole (a
    list of bands is not added to the default list).
    """
    top, settings = _default_rules()
    merged = {**top, **data}
    for key, defaults in settings.items():
        own = data.get(key)
        if own is None:
            merged[key] = dict(defaults)
        elif isinstance(own, dict):
            merged[key] = {**defaults, **own}
    return merged
