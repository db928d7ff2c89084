"""The framework: elements, instruments, items, scale and rules, held as data."""

from culturekit.framework.defaults import DEFAULT_FRAMEWORK_PATH
from culturekit.framework.loader import (
    builtin_framework,
    builtin_frameworks,
    default_framework,
    dump_framework,
    load_framework,
)
from culturekit.framework.model import (
    Element,
    Framework,
    Instrument,
    Item,
    Role,
    Rules,
    Scale,
    ScalePoint,
    Source,
)

__all__ = [
    "DEFAULT_FRAMEWORK_PATH",
    "Element",
    "Framework",
    "Instrument",
    "Item",
    "Role",
    "Rules",
    "Scale",
    "ScalePoint",
    "Source",
    "builtin_framework",
    "builtin_frameworks",
    "default_framework",
    "dump_framework",
    "load_framework",
]
