"""Reading and writing framework files."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError as PydanticValidationError

from culturekit.errors import FrameworkError
from culturekit.framework.defaults import (
    BUILTIN_FRAMEWORKS,
    DEFAULT_FRAMEWORK_PATH,
    builtin_framework_path,
    read_yaml,
)
from culturekit.framework.model import Framework
from culturekit.inputs import open_input

# A framework file is a few KiB of YAML; one larger than this is not read.
MAX_FRAMEWORK_BYTES = 4 << 20


def _parse(text: str, origin: str) -> Framework:
    try:
        data = read_yaml(text)
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{origin}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise FrameworkError(f"{origin}: a framework file must be a YAML mapping")
    try:
        return Framework.model_validate(data)
    except PydanticValidationError as exc:
        lines = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "(top level)"
            message = err["msg"].removeprefix("Value error, ")
            lines.append(f"  {where}: {message}")
        raise FrameworkError(
            f"{origin}: the framework is invalid:\n" + "\n".join(lines),
            hint="Start from a copy of the default framework (culturekit.write_framework).",
            remedy="write_framework",
        ) from None


def load_framework(path: str | Path | None = None) -> Framework:
    """Load and validate a framework file; the packaged default when ``path`` is None, a
    packaged framework when ``path`` is one's name (:func:`builtin_frameworks`).

    Rules and thresholds the file leaves out are the default file's (see
    :func:`culturekit.framework.defaults.with_default_rules`).
    """
    if path is None:
        return default_framework()
    if builtin_framework_path(path) is not None:
        return builtin_framework(str(path))
    path = Path(path)
    # A folder, a named pipe or a device is refused as any input is (exit 3), unread.
    try:
        with open_input(path, "framework file", FrameworkError) as handle:
            data = handle.read(MAX_FRAMEWORK_BYTES + 1)
    except FileNotFoundError:
        raise FrameworkError(f"{path}: framework file not found") from None
    except OSError as exc:
        raise FrameworkError(f"{path}: cannot read the framework file ({exc})") from None
    if len(data) > MAX_FRAMEWORK_BYTES:
        raise FrameworkError(
            f"{path}: the framework file is larger than {MAX_FRAMEWORK_BYTES >> 20} MiB, far "
            "larger than any framework; it was not read"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FrameworkError(f"{path}: cannot read the framework file ({exc})") from None
    return _parse(text, str(path))


@lru_cache(maxsize=1)
def default_framework() -> Framework:
    return _parse(DEFAULT_FRAMEWORK_PATH.read_text(encoding="utf-8"), "default framework")


@lru_cache(maxsize=len(BUILTIN_FRAMEWORKS))
def builtin_framework(name: str) -> Framework:
    """A framework shipped in the package, by name."""
    if name == default_framework().id:
        return default_framework()
    return _parse(BUILTIN_FRAMEWORKS[name].read_text(encoding="utf-8"), f"{name} framework")


def builtin_frameworks() -> list[Framework]:
    """Every framework shipped in the package, the default first."""
    return [builtin_framework(name) for name in BUILTIN_FRAMEWORKS]


def dump_framework(framework: Framework) -> str:
    """The framework as YAML text, in the layout of the packaged file."""
    for name, path in BUILTIN_FRAMEWORKS.items():
        if framework == builtin_framework(name):
            return path.read_text(encoding="utf-8")
    data = framework.model_dump(mode="json")
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
