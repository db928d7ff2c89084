"""The framework: elements, instruments, items, scale and rules, held as data."""

from culturekit.framework.loader import (
    DEFAULT_FRAMEWORK_PATH,
    default_framework,
    dump_framework,
    load_framework,
)
from culturekit.framework.model import (
    Element,
    Framework,
    Instrument,
    Item,
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
    "Rules",
    "Scale",
    "ScalePoint",
    "Source",
    "default_framework",
    "dump_framework",
    "load_framework",
]
