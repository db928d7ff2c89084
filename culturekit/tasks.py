"""The work of one batch task, bytes in and bytes out: it reads and writes no file of the
batch's own.

A task takes a workbook as its bytes, as an fsspec URL or, where it runs beside the batch
(the local process pool), as a path, with the run's options as plain data (the framework
as its JSON, the templates folder as its files' bytes). It returns every output rendered,
as bytes by file name, and the small part of the network summary the trust gives. The
batch writes the outputs (each whole or not at all, never over an input), so the workers
of a Dask or Ray cluster need no disk shared with it.

A workbook given as bytes is read from a private copy on the worker; every mention of that
copy in the result and in an error is replaced by the path the batch was given, so the
outputs are the same, byte for byte, wherever the task ran.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import importlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from culturekit._version import __version__
from culturekit.errors import CulturekitError, InputFileError
from culturekit.framework import Framework

Source = bytes | str
"""A workbook: its bytes, an fsspec URL (``s3://bucket/trust.xlsx``) or a local path."""


@dataclass
class Rendered:
    """What a task hands back: the outputs by file name, or the error that stopped it."""

    outputs: dict[str, bytes] = field(default_factory=dict)
    # The trust's part of the network summary (culturekit.network.TrustPart).
    part: Any | None = None
    # A comparison's staff movements for the network summary (culturekit.results.Movement).
    movement: Any | None = None
    error: str | None = None
    # The documented exit code of the error (culturekit.errors.EXIT_CODES).
    exit_code: int | None = None
    # The culturekit that ran the task: a worker of another version writes other outputs.
    version: str = field(default_factory=lambda: __version__)


def is_url(text: str) -> bool:
    """Whether ``text`` names a file through fsspec (``s3://``, ``gcs://``, ``https://``...)."""
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.replace("+", "").replace("-", "").isalnum() and len(scheme) > 1


def diagnose_task(
    source: Source,
    shown_as: str,
    formats: Sequence[str],
    framework: str,
    templates: Mapping[str, bytes] | str | None = None,
    label: str | None = None,
    partial: bool = False,
    source_date_epoch: str | None = None,
) -> Rendered:
    """Diagnose one workbook and render it in ``formats``.

    ``shown_as`` is the workbook's path as the batch was given it (its name names the
    outputs' inputs); ``framework`` is the framework's JSON; ``templates`` the templates
    folder's files (relative path to bytes) or, beside the batch, its path;
    ``source_date_epoch`` the batch's ``SOURCE_DATE_EPOCH``, so that a worker stamps its
    outputs as the batch would.
    """
    from culturekit.diagnosis import diagnose
    from culturekit.network import trust_part
    from culturekit.privacy import anonymise

    moved: dict[str, str] = {}
    try:
        with (
            _epoch(source_date_epoch),
            _local((source,), (shown_as,), moved) as paths,
            _templates_folder(templates) as folder,
        ):
            diagnosis = diagnose(paths[0], framework=_framework(framework), partial=partial)
            diagnosis = _moved(diagnosis, moved)
            if label is not None:
                diagnosis = anonymise(diagnosis, label)
            return Rendered(
                outputs=_render(diagnosis, formats, folder),
                part=trust_part(label or diagnosis.trust.name, diagnosis),
            )
    except CulturekitError as exc:
        return _failed(exc, moved)


def compare_task(
    pre: Source,
    post: Source,
    shown_as: tuple[str, str],
    formats: Sequence[str],
    framework: str,
    templates: Mapping[str, bytes] | str | None = None,
    label: str | None = None,
    movement_label: str | None = None,
    source_date_epoch: str | None = None,
) -> Rendered:
    """Compare two collections of one trust and render the comparison in ``formats``, with
    the movement the network summary shows under ``movement_label`` (arguments as for
    :func:`diagnose_task`)."""
    from culturekit.comparison import compare
    from culturekit.network import movement
    from culturekit.privacy import anonymise

    moved: dict[str, str] = {}
    try:
        with (
            _epoch(source_date_epoch),
            _local((pre, post), shown_as, moved) as paths,
            _templates_folder(templates) as folder,
        ):
            comparison = compare(paths[0], paths[1], framework=_framework(framework))
            comparison = _moved(comparison, moved)
            if label is not None:
                comparison = anonymise(comparison, label)
            return Rendered(
                outputs=_render(comparison, formats, folder),
                movement=movement(movement_label or label or "", comparison),
            )
    except CulturekitError as exc:
        return _failed(exc, moved)


def trend_task(
    sources: Sequence[Source],
    shown_as: Sequence[str],
    formats: Sequence[str],
    framework: str,
    templates: Mapping[str, bytes] | str | None = None,
    label: str | None = None,
    source_date_epoch: str | None = None,
) -> Rendered:
    """Follow many collections of one trust and render the trend in ``formats``
    (arguments as for :func:`diagnose_task`, one source and path shown per collection)."""
    from culturekit.privacy import anonymise
    from culturekit.trends import trend

    moved: dict[str, str] = {}
    try:
        with (
            _epoch(source_date_epoch),
            _local(sources, shown_as, moved) as paths,
            _templates_folder(templates) as folder,
        ):
            found = _moved(trend(list(paths), framework=_framework(framework)), moved)
            if label is not None:
                found = anonymise(found, label)
            return Rendered(outputs=_render(found, formats, folder))
    except CulturekitError as exc:
        return _failed(exc, moved)


def render_task(
    result: Any,
    fmt: str,
    templates: Mapping[str, bytes] | str | None = None,
    source_date_epoch: str | None = None,
) -> Rendered:
    """``result`` (the network summary) rendered in one format, so that a summary's
    documents are rendered side by side on the workers rather than one after another at
    the end of the batch (arguments as for :func:`diagnose_task`)."""
    try:
        with _epoch(source_date_epoch), _templates_folder(templates) as folder:
            return Rendered(outputs=_render(result, (fmt,), folder))
    except CulturekitError as exc:
        return _failed(exc, {})


# The libraries a format's renderers import only when they first run: a worker imports
# them before its first trust instead of in the middle of it.
_LIBRARIES: dict[str, tuple[str, ...]] = {
    "xlsx": ("openpyxl",),
    "pptx": ("pptx", "xlsxwriter"),
    "pdf": ("typst",),
}
# What makes each kind of document's result.
_MAKERS = {
    "diagnosis": "culturekit.diagnosis",
    "network": "culturekit.network",
    "comparison": "culturekit.comparison",
    "trend": "culturekit.trends",
}
# The formats whose documents have matplotlib's charts.
_CHARTED = frozenset({"html", "pdf"})


def warm_up(formats: Sequence[str], kinds: Sequence[str] = ("diagnosis", "network")) -> None:
    """Import what tasks rendering documents of ``kinds`` in ``formats`` need, once.

    Run before a pool's workers are forked, they inherit it all; run in each worker as it
    starts (spawned workers, or a cluster's), its first trust costs no more than the rest.
    """
    import culturekit.privacy  # noqa: F401
    from culturekit.report.registry import DOCUMENTS

    for kind in kinds:
        importlib.import_module(_MAKERS[kind])

    for document in DOCUMENTS:
        if document.kind not in kinds:
            continue
        for fmt in formats:
            if fmt in document.renderers:
                importlib.import_module(document.renderers[fmt].partition(":")[0])
    for fmt in formats:
        for library in _LIBRARIES.get(fmt, ()):
            with contextlib.suppress(ImportError):
                importlib.import_module(library)
    if any(fmt in _CHARTED for fmt in formats):
        from culturekit.report.charts import figure

        figure.pyplot()


def _failed(exc: CulturekitError, moved: Mapping[str, str]) -> Rendered:
    """The error, worded with the paths the batch was given rather than private copies'."""
    message = str(exc)
    for copy, shown in moved.items():
        message = message.replace(copy, shown)
    return Rendered(error=message, exit_code=exc.exit_code)


def _render(result: Any, formats: Sequence[str], templates: str | None) -> dict[str, bytes]:
    from culturekit.report.registry import file_name, render

    outputs = {}
    for fmt in formats:
        content = render(result, fmt, templates=templates)
        outputs[file_name(result, fmt)] = (
            content.encode("utf-8") if isinstance(content, str) else content
        )
    return outputs


@lru_cache(maxsize=4)
def _framework(text: str) -> Framework:
    """The framework from its JSON (each worker builds it once per run)."""
    return Framework.model_validate_json(text)


def read_source(url: str) -> bytes:
    """The bytes of the file an fsspec URL names."""
    try:
        import fsspec
    except ImportError:
        raise InputFileError(
            f"{url}: reading a URL needs fsspec", hint='pip install "culturekit[dask]"'
        ) from None
    try:
        with fsspec.open(url, "rb") as handle:
            return handle.read()  # type: ignore[no-any-return]
    except FileNotFoundError:
        raise InputFileError(f"{url}: file not found") from None
    except (OSError, ValueError) as exc:
        raise InputFileError(f"{url}: cannot be read ({exc})") from None


@contextlib.contextmanager
def _local(
    sources: Sequence[Source], shown_as: Sequence[str], moved: dict[str, str]
) -> Iterator[list[Path]]:
    """Local paths of ``sources``; each private copy's path is noted in ``moved``, with
    the path shown for it.

    A path is read where it is. Bytes and URLs are copied into a private folder, each
    under its own name in a subfolder of its own (two collections may share a name).
    """
    if all(isinstance(s, str) and not is_url(s) for s in sources):
        yield [Path(s) for s in sources]  # type: ignore[arg-type]
        return
    with tempfile.TemporaryDirectory(prefix="culturekit-task-") as private:
        paths = []
        for index, (source, shown) in enumerate(zip(sources, shown_as, strict=True)):
            if isinstance(source, str) and not is_url(source):
                paths.append(Path(source))
                continue
            data = read_source(source) if isinstance(source, str) else source
            name = PurePosixPath(shown.replace("\\", "/")).name or "workbook.xlsx"
            copy = Path(private) / str(index) / name
            copy.parent.mkdir()
            copy.write_bytes(data)
            paths.append(copy)
            moved[str(copy)] = shown
        yield paths


def _moved(result: Any, moved: Mapping[str, str]) -> Any:
    """``result`` with every mention of a private copy's path replaced by the path shown."""
    if not moved:
        return result
    text = result.model_dump_json()
    changed = text
    for copy, shown in moved.items():
        changed = changed.replace(_in_json(copy), _in_json(shown))
    return result if changed == text else type(result).model_validate_json(changed)


def _in_json(text: str) -> str:
    """``text`` as it appears inside a JSON string."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


# The templates folders written on this worker, by the hash of their files.
_written_templates: dict[str, str] = {}
_templates_lock = threading.Lock()


@contextlib.contextmanager
def _templates_folder(templates: Mapping[str, bytes] | str | None) -> Iterator[str | None]:
    """A folder holding the templates: the path given, or the files written out once on
    this worker (compiled templates are cached by path) and removed when it ends."""
    if templates is None or isinstance(templates, str):
        yield templates
        return
    digest = hashlib.sha256()
    for name in sorted(templates):
        digest.update(name.encode("utf-8") + b"\0" + templates[name] + b"\0")
    key = digest.hexdigest()
    with _templates_lock:
        folder = _written_templates.get(key)
        if folder is None or not os.path.isdir(folder):
            folder = tempfile.mkdtemp(prefix=f"culturekit-templates-{key[:16]}-")
            try:
                for name, content in templates.items():
                    target = Path(folder, *PurePosixPath(name).parts)
                    if not target.resolve().is_relative_to(Path(folder).resolve()):
                        raise InputFileError(f"{name}: a template outside its folder")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(content)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            _written_templates[key] = folder
            atexit.register(shutil.rmtree, folder, True)
    yield folder


def templates_files(folder: str | Path) -> dict[str, bytes]:
    """A templates folder's files, by path relative to it, for a task that runs elsewhere."""
    root = Path(folder)
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


# Tasks running in this process that asked for a SOURCE_DATE_EPOCH, and what it was before.
_epoch_lock = threading.Lock()
_epoch_users = 0
_epoch_before: str | None = None


@contextlib.contextmanager
def _epoch(value: str | None) -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` set to ``value`` while the block runs (tasks of one batch
    running side by side in one worker all set the same value)."""
    global _epoch_users, _epoch_before
    if value is None:
        yield
        return
    with _epoch_lock:
        if _epoch_users == 0:
            _epoch_before = os.environ.get("SOURCE_DATE_EPOCH")
        _epoch_users += 1
        os.environ["SOURCE_DATE_EPOCH"] = value
    try:
        yield
    finally:
        with _epoch_lock:
            _epoch_users -= 1
            if _epoch_users == 0:
                if _epoch_before is None:
                    os.environ.pop("SOURCE_DATE_EPOCH", None)
                else:
                    os.environ["SOURCE_DATE_EPOCH"] = _epoch_before
