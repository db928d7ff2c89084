"""Many workbooks at once, through any ``concurrent.futures.Executor``.

Each trust is diagnosed in its own task, so one trust's failure (a path that is missing,
unreadable or a folder, a workbook that breaks the input format) never stops the others:
it is one failed row, with the exit code its own ``diagnose`` would have given, and the
network summary is built from the trusts that succeeded. Outputs already up to date
with their input (same content hash, options and culturekit version) are skipped.

Tasks (:mod:`culturekit.tasks`) take the workbook and the options as plain data and hand
back the rendered outputs and the trust's part of the network summary; this process
writes every file as each result arrives, and merges the parts at the end. So an
executor whose workers share no disk with it (a Dask or Ray cluster) is handed the
workbooks' bytes (or their fsspec URLs), and the local process pool their paths.

A run never reads its own outputs: when the output folder lies inside a folder (or a
glob's folder) given as input, the workbooks found inside the output folder are not read
(:attr:`BatchResult.not_read`), and no output may replace an input.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import hashlib
import itertools
import json
import os
import re
import string
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from culturekit._version import __version__
from culturekit.api import DEFAULT_FORMATS, parse_formats
from culturekit.errors import BatchError, CulturekitError, InputFileError, OutputError
from culturekit.files import (
    Identity,
    identities,
    prepare_folder,
    refuse_overwriting_inputs,
    write_atomic,
)
from culturekit.framework import Framework, load_framework
from culturekit.ingest.reader import file_head
from culturekit.network import TrustPart, merge_network, trust_part
from culturekit.results import Diagnosis
from culturekit.tasks import (
    Rendered,
    compare_task,
    diagnose_task,
    is_url,
    render_task,
    templates_files,
    trend_task,
    warm_up,
)
from culturekit.workers import local_pool

MANIFEST = ".culturekit-manifest.json"
NETWORK_FOLDER = "network"


class URL(str):
    """An input named by an fsspec URL (``s3://bucket/trust.xlsx``): the URL as given, with
    a file name and stem as a path has."""

    __slots__ = ()

    @property
    def name(self) -> str:
        return self.rstrip("/").rsplit("/", 1)[-1]

    @property
    def stem(self) -> str:
        name = self.name
        return name.rsplit(".", 1)[0] if "." in name[1:] else name


InputPath = Path | URL


@dataclass
class TrustOutcome:
    """One workbook's result in a batch run."""

    path: InputPath
    label: str | None = None
    folder: Path | None = None
    outputs: dict[str, Path] = field(default_factory=dict)
    skipped: bool = False
    error: str | None = None
    # The documented exit code of the error (culturekit.errors.EXIT_CODES).
    exit_code: int | None = None
    # What the network summary needs of the trust, computed where it was diagnosed.
    part: TrustPart | None = None
    _diagnosis: Diagnosis | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def diagnosis(self) -> Diagnosis | None:
        """The trust's diagnosis, read from its ``diagnosis.json`` when first asked for
        (the run itself needs only :attr:`part`)."""
        if self._diagnosis is None and self.ok and self.folder is not None:
            saved = self.folder / "diagnosis.json"
            with contextlib.suppress(OSError):
                self._diagnosis = Diagnosis.model_validate_json(saved.read_bytes())
        return self._diagnosis

    @property
    def name(self) -> str:
        """The trust's label, else its name; empty when it failed."""
        if self.label:
            return self.label
        return self.part.entry.name if self.part is not None else ""


@dataclass
class PairOutcome:
    label: str
    pre: InputPath
    post: InputPath
    folder: Path
    outputs: dict[str, Path] = field(default_factory=dict)
    error: str | None = None
    exit_code: int | None = None
    # The staff elements by verdict, for the network summary.
    movement: Any | None = None
    _comparison: Any | None = field(default=None, repr=False, compare=False)

    @property
    def comparison(self) -> Any | None:
        """The comparison, read from its ``comparison.json`` when first asked for."""
        if self._comparison is None and self.error is None:
            from culturekit.comparison import Comparison

            with contextlib.suppress(OSError):
                saved = (self.folder / "comparison.json").read_bytes()
                self._comparison = Comparison.model_validate_json(saved)
        return self._comparison


@dataclass
class TrendOutcome:
    """The trend of one trust with three or more collections (``compare``)."""

    label: str
    collections: list[InputPath]
    folder: Path
    outputs: dict[str, Path] = field(default_factory=dict)
    error: str | None = None
    exit_code: int | None = None

    @property
    def path(self) -> InputPath:
        """The latest collection, which progress names the trend by."""
        return self.collections[-1]


@dataclass
class BatchResult:
    trusts: list[TrustOutcome]
    pairs: list[PairOutcome] = field(default_factory=list)
    trends: list[TrendOutcome] = field(default_factory=list)
    network: Any | None = None
    network_outputs: dict[str, Path] = field(default_factory=dict)
    # Workbooks a folder or glob found inside the output folder: a run never reads them.
    not_read: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> list[TrustOutcome]:
        return [t for t in self.trusts if not t.ok]

    @property
    def skipped(self) -> list[TrustOutcome]:
        """The trusts whose outputs were up to date with their input, and not rebuilt."""
        return [t for t in self.trusts if t.skipped]

    @property
    def ok(self) -> bool:
        return (
            not self.failed
            and all(p.error is None for p in self.pairs)
            and all(t.error is None for t in self.trends)
        )


@dataclass(frozen=True)
class BatchEvent:
    """Progress: sent once per finished trust or pair."""

    done: int
    total: int
    path: InputPath
    ok: bool
    message: str
    # Up to date with its input: nothing was rebuilt.
    skipped: bool = False
    # What is being done: "diagnosis" of each trust, then "comparison" of each pair and
    # "trend" of each trust with three or more collections.
    stage: str = "diagnosis"


def expand_paths(paths: Iterable[str | Path], output: str | Path | None = None) -> list[InputPath]:
    """Files, folders (their .xlsx files, recursively) and glob patterns, de-duplicated.

    Workbooks that a folder or glob finds inside the ``output`` folder are left out (see
    :func:`found_workbooks`).
    """
    return found_workbooks(paths, output)[0]


def found_workbooks(
    paths: Iterable[str | Path], output: str | Path | None = None
) -> tuple[list[InputPath], list[Path]]:
    """The workbooks to read, and those found inside the ``output`` folder and not read.

    When the output folder lies inside a folder given (or a glob's folder), what a run
    wrote there (each trust's ``report.xlsx``, the network summary) would be found again
    by the next run and read as trusts' workbooks: a folder or glob never reads inside
    the output folder. A file named explicitly is read wherever it is. An fsspec URL
    (``s3://bucket/trusts/*.xlsx``) is kept as given, its wildcards expanded by fsspec.
    """
    own = Path(output).resolve() if output is not None else None
    found: list[Path] = []
    urls: list[URL] = []
    not_read: list[Path] = []
    for entry in paths:
        text = str(entry)
        if text.startswith("file://"):
            text = text.removeprefix("file://")
        elif is_url(text):
            urls += _urls(text)
            continue
        if any(ch in text for ch in "*?["):
            matches = [Path(m) for m in sorted(glob.glob(text, recursive=True))]
            base: Path | None = _glob_folder(text)
        elif Path(text).is_dir():
            matches = sorted(Path(text).rglob("*.xlsx"))
            base = Path(text)
        else:
            # A path that is missing or unreadable stays in: it is that trust's failure.
            matches = [Path(text)]
            base = None
        searches_output = (
            own is not None and base is not None and own.is_relative_to(base.resolve())
        )
        for match in matches:
            if match.name.startswith(("~$", ".")):
                continue
            if searches_output and match.resolve().is_relative_to(own):  # type: ignore[arg-type]
                not_read.append(match.resolve())
            else:
                found.append(match)
    unique: list[InputPath] = list(dict.fromkeys(p.resolve() for p in found))
    unique += [u for u in dict.fromkeys(urls) if u not in unique]
    skipped = [p for p in dict.fromkeys(not_read) if p not in unique]
    if not unique:
        count = len(skipped)
        inside = (
            f" ({count} workbook{'s' if count != 1 else ''} inside the output folder {output} "
            f"{'were' if count != 1 else 'was'} not read: a run never reads inside its own "
            "output folder; choose one outside the folders given)"
            if skipped
            else ""
        )
        raise InputFileError(f"no workbooks found in the paths given{inside}")
    return unique, skipped


def _urls(text: str) -> list[URL]:
    """An fsspec URL, or the URLs its wildcards match (the URL itself when it matches
    nothing: it is that trust's failure)."""
    if not any(ch in text for ch in "*?["):
        return [URL(text)]
    fs, _, found = _fsspec().core.get_fs_token_paths(text)
    return [URL(fs.unstrip_protocol(p)) for p in sorted(found) if p.endswith(".xlsx")] or [
        URL(text)
    ]


def _fsspec() -> Any:
    try:
        import fsspec
    except ImportError:
        raise InputFileError(
            "reading inputs named by URL needs fsspec", hint='pip install "culturekit[dask]"'
        ) from None
    return fsspec


def _glob_folder(pattern: str) -> Path:
    """The folder a glob searches: its parts before the first with a wildcard."""
    parts = []
    for part in Path(pattern).parts:
        if any(ch in part for ch in "*?["):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def anonymous_labels(count: int) -> list[str]:
    """Trust A, Trust B, ..., Trust Z, Trust AA, ..."""
    letters = string.ascii_uppercase
    labels = []
    for index in range(count):
        name = ""
        index += 1
        while index:
            index, rem = divmod(index - 1, 26)
            name = letters[rem] + name
        labels.append(f"Trust {name}")
    return labels


def _input_key(
    path: InputPath, formats: tuple[str, ...], options: dict[str, Any], *, keep: bool = False
) -> tuple[str, bytes | None]:
    """The input's content hash with the run's options, and with ``keep`` its bytes.

    The file is checked readable first, so a missing file, a folder or an unreadable one
    fails as loading it would. A URL's file is not read: fsspec's key of its properties
    (size, modification time or ETag) stands for its content.
    """
    digest = hashlib.sha256()
    data: bytes | None = None
    if isinstance(path, URL):
        digest.update(_url_key(path).encode("utf-8"))
    else:
        file_head(path)
        blocks: list[bytes] = []
        try:
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
                    if keep:
                        blocks.append(block)
        except OSError as exc:
            raise InputFileError(f"{path}: cannot be read ({exc.strerror})") from None
        data = b"".join(blocks) if keep else None
    digest.update(
        json.dumps(
            {"formats": formats, "version": __version__, **options}, sort_keys=True, default=str
        ).encode()
    )
    return digest.hexdigest(), data


def _url_key(url: URL) -> str:
    try:
        fs, inner = _fsspec().core.url_to_fs(str(url))
        if fs.isdir(inner):
            raise InputFileError(f"{url}: is a folder, not a workbook")
        return str(fs.ukey(inner))
    except FileNotFoundError:
        raise InputFileError(f"{url}: file not found") from None
    except (OSError, ValueError) as exc:
        raise InputFileError(f"{url}: cannot be read ({exc})") from None


def _manifest(folder: Path, key: str) -> dict[str, Any] | None:
    """The folder's manifest, when its outputs are up to date with ``key``."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("key") != key:
        return None
    if not all((folder / name).exists() for name in manifest.get("outputs", [])):
        return None
    return manifest


@dataclass(frozen=True)
class _Options:
    """What every task of a run is given, as plain data."""

    formats: tuple[str, ...]
    framework: str
    framework_key: str
    templates: Mapping[str, bytes] | str | None
    template_folder: str | None
    partial: bool
    force: bool
    # The workers share no disk with this process: they are given bytes, not paths.
    remote: bool
    source_date_epoch: str | None


@dataclass
class _Task:
    """A task to hand to the executor, and what this process does with its result."""

    function: Callable[..., Rendered]
    args: tuple[Any, ...]
    finish: Callable[[Rendered], Any]


def _trust_task(
    path: InputPath, folder: Path, label: str | None, options: _Options
) -> TrustOutcome | _Task:
    """The trust's task, or its outcome when nothing is to be done (up to date, or an
    input that cannot be read)."""
    outcome = TrustOutcome(path=path, label=label, folder=folder)
    given = {
        "framework": options.framework_key,
        "label": label,
        "templates": options.template_folder,
    }
    if options.partial:  # only then, so outputs of runs without it stay up to date
        given["partial"] = True
    try:
        keep = options.remote and not isinstance(path, URL)
        key, data = _input_key(path, options.formats, given, keep=keep)
    except CulturekitError as exc:
        outcome.error, outcome.exit_code = str(exc), exc.exit_code
        return outcome
    manifest = None if options.force else _manifest(folder, key)
    if manifest is not None:
        part = _saved_part(manifest, outcome)
        if part is not None:
            outcome.part, outcome.skipped = part, True
            return outcome
    source = data if data is not None else str(path)
    args = (
        source,
        str(path),
        options.formats,
        options.framework,
        options.templates,
        label,
        options.partial,
        options.source_date_epoch,
    )
    return _Task(diagnose_task, args, lambda rendered: _write_trust(outcome, key, rendered))


def _saved_part(manifest: dict[str, Any], outcome: TrustOutcome) -> TrustPart | None:
    """The trust's part of the network summary, as its last run saved it."""
    with contextlib.suppress(ValueError, TypeError):
        if "network" in manifest:
            return TrustPart.model_validate(manifest["network"])
    diagnosis = outcome.diagnosis  # a manifest of a version that saved no part
    if diagnosis is None:
        return None
    return trust_part(outcome.label or diagnosis.trust.name, diagnosis)


def _write_trust(outcome: TrustOutcome, key: str, rendered: Rendered) -> TrustOutcome:
    """Write a trust's rendered outputs, then its manifest (so that a manifest only ever
    vouches for outputs written whole)."""
    rendered = _same_version(rendered)
    if rendered.error is not None:
        outcome.error, outcome.exit_code = rendered.error, rendered.exit_code
        return outcome
    folder = outcome.folder
    assert folder is not None
    try:
        outcome.outputs = _write_outputs(folder, "diagnosis", rendered.outputs)
        write_atomic(
            folder / MANIFEST,
            json.dumps(
                {
                    "key": key,
                    "outputs": sorted(p.name for p in outcome.outputs.values()),
                    "network": rendered.part.model_dump(mode="json") if rendered.part else None,
                },
                indent=2,
            )
            + "\n",
        )
    except CulturekitError as exc:
        outcome.error, outcome.exit_code = str(exc), exc.exit_code
        return outcome
    outcome.part = rendered.part
    return outcome


def _same_version(rendered: Rendered) -> Rendered:
    """The result, or an error when a worker of another culturekit version made it (its
    outputs would not be those this version writes, nor its manifest's key true)."""
    if rendered.error is not None or rendered.version == __version__:
        return rendered
    return Rendered(
        error=f"the worker runs culturekit {rendered.version}, this batch {__version__}: "
        "install the same version on every worker; nothing was written",
        exit_code=BatchError.exit_code,
    )


def _write_outputs(folder: Path, kind: str, outputs: Mapping[str, bytes]) -> dict[str, Path]:
    """Each rendered output written whole into ``folder``, by format."""
    from culturekit.report.registry import DOCUMENTS

    files = next(d.files for d in DOCUMENTS if d.kind == kind)
    folder = prepare_folder(folder)
    return {
        fmt: write_atomic(folder / name, outputs[name])
        for fmt, name in files.items()
        if name in outputs
    }


def _folder_name(path: InputPath, label: str | None, taken: set[str]) -> str:
    # A control character or an undecodable byte (a lone surrogate) of the file's name
    # would follow the folder into every link and message: each becomes "-".
    base = _slug(label) if label else re.sub("[\x00-\x1f\x7f-\x9f\ud800-\udfff]", "-", path.stem)
    name, count = base, 2
    while name in taken:
        name, count = f"{base}-{count}", count + 1
    taken.add(name)
    return name


def batch(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    *,
    executor: Executor | None = None,
    jobs: int | None = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
    framework: Framework | str | Path | None = None,
    templates: str | Path | None = None,
    force: bool = False,
    compare: bool = False,
    anonymise_trusts: bool = False,
    progress: Callable[[BatchEvent], None] | None = None,
    partial: bool = False,
) -> BatchResult:
    """Diagnose every workbook in ``paths`` and write each trust's reports and the network
    summary under ``out_dir``.

    ``executor`` may be any :class:`concurrent.futures.Executor` (a Dask or Ray executor for
    a national run); by default a process pool of ``jobs`` workers (the number of cores),
    or the calling process when ``jobs`` is 1. An executor's tasks are given each
    workbook's bytes (an fsspec URL in ``paths`` as the URL) and the templates' files, and
    hand back the rendered outputs, which this process writes: its workers need no disk
    shared with it. With ``compare``, workbooks of the same trust are paired in period
    order and each pair gets its comparison too; a trust with three or more collections also
    gets its trend over all of them, in a folder of its own (``trend-<trust>``).
    ``partial`` lets a workbook without staff answers be diagnosed as a partial diagnosis
    (see :func:`culturekit.load`); without it such a workbook fails.

    A path that is missing, unreadable or a folder, like a workbook that breaks the input
    format, is one failed trust (:attr:`TrustOutcome.error` and ``exit_code``); the others
    still run and the network summary is written from those that succeeded. A trust whose
    outputs are up to date with its input and the run's options is not rebuilt
    (:attr:`TrustOutcome.skipped`, :attr:`BatchResult.skipped`) unless ``force``.

    Workbooks a folder or glob finds inside ``out_dir`` are not read
    (:attr:`BatchResult.not_read`); an output that would replace an input (under any
    name) is refused with :class:`~culturekit.errors.OutputError` before anything runs.
    """
    files, not_read = found_workbooks(paths, out_dir)
    inputs = identities(f for f in files if not isinstance(f, URL))
    root = Path(out_dir)
    fw = framework if isinstance(framework, Framework) else load_framework(framework)
    framework_json = fw.model_dump_json()
    wanted = parse_formats(list(formats))
    if "json" not in wanted:
        wanted = (*wanted, "json")
    # Reading each Trust sheet up front is only needed to label trusts anonymously.
    peeked = [_peek(path) for path in files] if anonymise_trusts else [("", "")] * len(files)
    labels = _labels([code for code, _ in peeked]) if anonymise_trusts else [None] * len(files)
    taken: set[str] = {NETWORK_FOLDER}
    folders = [
        root / _folder_name(p, None if lab is None else f"{lab} {period}", taken)
        for p, lab, (_, period) in zip(files, labels, peeked, strict=True)
    ]
    tmpl = str(templates) if templates is not None else None
    # Every output but the comparisons' (named from their periods) is known now: refuse
    # before anything runs rather than fail trust by trust.
    refuse_overwriting_inputs(
        [
            *(f / name for f in folders for name in (*_names("diagnosis", wanted), MANIFEST)),
            *(root / NETWORK_FOLDER / name for name in _names("network", wanted)),
        ],
        inputs,
        tmpl,
    )
    root = prepare_folder(root)
    remote = executor is not None
    options = _Options(
        formats=wanted,
        framework=framework_json,
        framework_key=hashlib.sha256(framework_json.encode()).hexdigest(),
        templates=_templates_for(tmpl, remote),
        template_folder=tmpl,
        partial=partial,
        force=force,
        remote=remote,
        source_date_epoch=os.environ.get("SOURCE_DATE_EPOCH"),
    )
    # Prepared one by one as the executor takes them, so the first workers start at once;
    # the largest workbooks first, so that no worker is left with a large one at the end
    # while the others wait.
    ordered = sorted(zip(files, folders, labels, strict=True), key=lambda j: -_size(j[0]))
    tasks = (_trust_task(path, folder, label, options) for path, folder, label in ordered)
    # One pool for the whole run: its workers diagnose the trusts, compare the pairs and
    # render the network summary's documents.
    with _workers(executor, jobs, len(files), root, wanted, compare) as pool:
        outcomes = _run(tasks, len(files), pool, progress)
        order = {path: index for index, path in enumerate(files)}
        trusts = sorted(outcomes, key=lambda o: order[o.path])
        result = BatchResult(trusts=trusts, not_read=not_read)
        if compare:
            result.pairs = _compare_pairs(
                result.trusts, root, options, pool, progress, anonymise_trusts, inputs
            )
            result.trends = _trends(result.trusts, root, options, pool, progress, inputs)
        latest = _latest_per_trust(trusts)
        if latest:
            movements = [p.movement for p in result.pairs if p.movement is not None]
            result.network = merge_network(
                [o.part for o in latest],  # type: ignore[misc]
                movements=movements,
                anonymised=anonymise_trusts,
                reports={
                    o.part.entry.label: _report_links(o, root / NETWORK_FOLDER) for o in latest
                },  # type: ignore[union-attr]
            )
            result.network_outputs = _write_network(
                result.network, root / NETWORK_FOLDER, options, pool
            )
    return result


@contextlib.contextmanager
def _workers(
    executor: Executor | None,
    jobs: int | None,
    total: int,
    root: Path,
    formats: tuple[str, ...],
    compare: bool,
) -> Iterator[Executor | None]:
    """Where the run's tasks go: the executor given, else a pool of ``jobs`` workers (the
    number of cores), or none (this process) for one job or one workbook."""
    if executor is not None:
        yield executor
        return
    count = min(jobs if jobs is not None else (os.cpu_count() or 1), total)
    if count <= 1:
        yield None
        return
    kinds = ("diagnosis", "network", *(("comparison", "trend") if compare else ()))
    with local_pool(count, root, partial(warm_up, formats, kinds)) as pool:
        yield pool


# The network summary's documents that its workers render, the dearest first (for a
# national network the PDF, then the workbook): started first, they do not leave one
# worker busy while the others wait. Its JSON, a dump of the summary, is written here.
_NETWORK_ON_WORKERS = ("pdf", "xlsx", "html")


def _write_network(
    summary: Any, folder: Path, options: _Options, pool: Executor | None
) -> dict[str, Path]:
    """The network summary's documents, rendered side by side by the workers rather than
    one after another once the last trust is done, then written here: all of them, or
    none when one cannot be rendered."""
    from culturekit.report.registry import document_for

    renderers = document_for(summary).renderers
    # A format only the trusts' reports have (the board pack) is not the network's.
    formats = [f for f in options.formats if f in renderers]
    given = (options.templates, options.source_date_epoch)
    futures = {
        fmt: pool.submit(render_task, summary, fmt, *given)
        for fmt in _NETWORK_ON_WORKERS
        if fmt in formats and pool is not None
    }
    done = {fmt: render_task(summary, fmt, *given) for fmt in formats if fmt not in futures}
    done.update({fmt: future.result() for fmt, future in futures.items()})
    outputs: dict[str, bytes] = {}
    for fmt in formats:
        rendered = _same_version(done[fmt])
        if rendered.error is not None:
            raise _error(rendered.error, rendered.exit_code)
        outputs.update(rendered.outputs)
    folder = prepare_folder(folder)
    return {
        fmt: write_atomic(folder / name, outputs[name]) for fmt, name in _named(summary, formats)
    }


def _named(result: Any, formats: list[str]) -> list[tuple[str, str]]:
    from culturekit.report.registry import file_name

    return [(fmt, file_name(result, fmt)) for fmt in formats]


def _error(message: str, exit_code: int | None) -> CulturekitError:
    """The error a task reported, as the class of its exit code."""
    kinds: list[type[CulturekitError]] = [CulturekitError]
    for kind in kinds:
        if kind.exit_code == exit_code:
            return kind(message)
        kinds += kind.__subclasses__()
    return CulturekitError(message)


def _size(path: InputPath) -> int:
    """The file's size in bytes, as a guess at its trust's work (0 when unknown)."""
    if isinstance(path, URL):
        return 0
    try:
        return path.stat().st_size
    except (OSError, ValueError):
        return 0


def _templates_for(folder: str | None, remote: bool) -> Mapping[str, bytes] | str | None:
    """The templates as tasks are given them: the folder's files for workers elsewhere."""
    if folder is None or not remote:
        return folder
    if not Path(folder).is_dir():
        raise OutputError(f"{folder}: template folder not found")
    try:
        return templates_files(folder)
    except OSError as exc:
        raise InputFileError(f"{folder}: the templates cannot be read ({exc.strerror})") from None


def _names(kind: str, formats: tuple[str, ...]) -> list[str]:
    """The file names a document of ``kind`` is written as, in ``formats``."""
    from culturekit.report.registry import DOCUMENTS

    files = next(d.files for d in DOCUMENTS if d.kind == kind)
    return [files[fmt] for fmt in formats]


def _peek(path: InputPath) -> tuple[str, str]:
    """Trust code and period from a workbook's Trust sheet (the file name when it has none)."""
    from culturekit.ingest.reader import read_one_sheet
    from culturekit.ingest.trust import parse_trust

    try:
        sheet = _peek_url(path) if isinstance(path, URL) else read_one_sheet(path, "Trust")
    except CulturekitError:
        sheet = None  # the trust's own task says what is wrong with it
    info = parse_trust(sheet, [], []) if sheet is not None else None
    return (info.code, info.period) if info is not None else (f"file:{path.name}", path.stem)


def _peek_url(url: URL) -> Any:
    import tempfile

    from culturekit.ingest.reader import read_one_sheet
    from culturekit.tasks import read_source

    with tempfile.TemporaryDirectory(prefix="culturekit-peek-") as private:
        copy = Path(private) / (url.name or "workbook.xlsx")
        copy.write_bytes(read_source(url))
        return read_one_sheet(copy, "Trust")


def _labels(codes: list[str]) -> list[str | None]:
    """One anonymous label per trust (not per file), in order of trust code."""
    distinct = sorted(set(codes))
    names = dict(zip(distinct, anonymous_labels(len(distinct)), strict=True))
    return [names[code] for code in codes]


def _collection_order(outcome: TrustOutcome) -> tuple[Any, str]:
    part = outcome.part
    assert part is not None
    return (part.collected_on or _FAR, part.entry.period)


def _latest_per_trust(trusts: list[TrustOutcome]) -> list[TrustOutcome]:
    """Each trust once, by its latest collection: the network compares trusts, not years."""
    latest: dict[str, TrustOutcome] = {}
    for outcome in trusts:
        if not outcome.ok or outcome.part is None:
            continue
        code = outcome.part.entry.code
        if code not in latest or _collection_order(outcome) > _collection_order(latest[code]):
            latest[code] = outcome
    return sorted(latest.values(), key=lambda o: o.part.entry.label)  # type: ignore[union-attr]


def _report_links(outcome: TrustOutcome, network_folder: Path) -> dict[str, str]:
    """The trust's reports on disk, by format, as paths from the network summary's folder
    (an up-to-date trust was not rewritten, so its files are looked for, not remembered)."""
    from culturekit.report.registry import DOCUMENTS

    files = next(d.files for d in DOCUMENTS if d.kind == "diagnosis")
    links = {}
    for fmt, name in files.items():
        path = outcome.folder / name  # type: ignore[operator]
        if path.is_file():
            links[fmt] = Path(os.path.relpath(path, network_folder)).as_posix()
    return links


def _run(
    tasks: Iterable[Any],
    total: int,
    pool: Executor | None,
    progress: Callable[[BatchEvent], None] | None,
    stage: str = "diagnosis",
) -> list[Any]:
    """Every task's outcome: each :class:`_Task` run by ``pool`` (in this process when
    there is none) and finished here as its result arrives; anything else is an outcome
    already."""
    results: list[Any] = []

    def report(outcome: Any) -> None:
        results.append(outcome)
        if progress is None:
            return
        path = getattr(outcome, "path", None) or getattr(outcome, "post", Path("?"))
        error = getattr(outcome, "error", None)
        skipped = getattr(outcome, "skipped", False)
        progress(
            BatchEvent(
                done=len(results),
                total=total,
                path=path,
                ok=error is None,
                message=error.splitlines()[0] if error else ("up to date" if skipped else "done"),
                skipped=skipped,
                stage=stage,
            )
        )

    if pool is None:
        for task in tasks:
            report(task.finish(task.function(*task.args)) if isinstance(task, _Task) else task)
        return results
    running: dict[Future[Any], _Task] = {}
    for task in tasks:
        if isinstance(task, _Task):
            running[pool.submit(task.function, *task.args)] = task
        else:
            report(task)
    for future in as_completed(running):
        report(running.pop(future).finish(future.result()))
    return results


def _by_trust(trusts: list[TrustOutcome]) -> list[tuple[str, list[TrustOutcome]]]:
    """The diagnosed workbooks of each trust (by trust code), in period order."""
    groups: dict[str, list[TrustOutcome]] = {}
    for outcome in trusts:
        if outcome.ok and outcome.part is not None:
            groups.setdefault(outcome.part.entry.code, []).append(outcome)
    for members in groups.values():
        members.sort(key=_collection_order)
    return sorted(groups.items())


def _compare_pairs(
    trusts: list[TrustOutcome],
    root: Path,
    options: _Options,
    pool: Executor | None,
    progress: Callable[[BatchEvent], None] | None,
    anonymised: bool,
    inputs: Mapping[Identity, Path],
) -> list[PairOutcome]:
    """Workbooks of one trust, in period order, each paired with the one before it."""
    tasks: list[PairOutcome | _Task] = []
    for code, members in _by_trust(trusts):
        # One label per trust across its collections, from its first collection.
        label = members[0].label
        for before, after in itertools.pairwise(members):
            name = label or before.part.entry.name  # type: ignore[union-attr]
            folder = (
                root / f"compare-{(label or code).lower().replace(' ', '-')}-"
                f"{_slug(after.part.entry.period)}"  # type: ignore[union-attr]
            )
            pair = PairOutcome(label=name, pre=before.path, post=after.path, folder=folder)
            tasks.append(_pair_task(pair, label, options, inputs))
    if not tasks:
        return []
    return _run(tasks, len(tasks), pool, progress, "comparison")


def _pair_task(
    pair: PairOutcome, label: str | None, options: _Options, inputs: Mapping[Identity, Path]
) -> PairOutcome | _Task:
    sources: list[bytes | str] = []
    try:
        for path in (pair.pre, pair.post):
            keep = options.remote and not isinstance(path, URL)
            sources.append(_input_key(path, (), {}, keep=keep)[1] or str(path))
    except CulturekitError as exc:
        pair.error, pair.exit_code = str(exc), exc.exit_code
        return pair
    args = (
        sources[0],
        sources[1],
        (str(pair.pre), str(pair.post)),
        options.formats,
        options.framework,
        options.templates,
        label,
        pair.label,
        options.source_date_epoch,
    )
    return _Task(compare_task, args, lambda rendered: _write_pair(pair, rendered, options, inputs))


def _write_pair(
    pair: PairOutcome, rendered: Rendered, options: _Options, inputs: Mapping[Identity, Path]
) -> PairOutcome:
    if _wrote(pair, "comparison", rendered, options, inputs):
        pair.movement = rendered.movement
    return pair


def _wrote(
    outcome: PairOutcome | TrendOutcome,
    kind: str,
    rendered: Rendered,
    options: _Options,
    inputs: Mapping[Identity, Path],
) -> bool:
    """Write a comparison's or a trend's outputs into its folder, whole, never over an
    input; whether they were written (else the outcome holds the error)."""
    rendered = _same_version(rendered)
    if rendered.error is not None:
        outcome.error, outcome.exit_code = rendered.error, rendered.exit_code
        return False
    try:
        refuse_overwriting_inputs(
            [outcome.folder / name for name in rendered.outputs], inputs, options.template_folder
        )
        outcome.outputs = _write_outputs(outcome.folder, kind, rendered.outputs)
    except CulturekitError as exc:
        outcome.error, outcome.exit_code = str(exc), exc.exit_code
        return False
    return True


# A trust followed over at least this many collections gets a trend: two are a comparison.
TREND_COLLECTIONS = 3


def _trends(
    trusts: list[TrustOutcome],
    root: Path,
    options: _Options,
    pool: Executor | None,
    progress: Callable[[BatchEvent], None] | None,
    inputs: Mapping[Identity, Path],
) -> list[TrendOutcome]:
    """The trend of each trust with three or more collections, all of them in period
    order; it stands beside the pairs' comparisons, which keep the items and workforce
    tables a trend does not follow."""
    from culturekit.report.registry import DOCUMENTS

    renders = next(d.renderers for d in DOCUMENTS if d.kind == "trend")
    formats = tuple(f for f in options.formats if f in renders)
    tasks: list[TrendOutcome | _Task] = []
    for code, members in _by_trust(trusts):
        if len(members) < TREND_COLLECTIONS:
            continue
        label = members[0].label
        name = label or members[-1].part.entry.name  # type: ignore[union-attr]
        folder = root / f"trend-{(label or code).lower().replace(' ', '-')}"
        outcome = TrendOutcome(label=name, collections=[m.path for m in members], folder=folder)
        tasks.append(_trend_task(outcome, label, formats, options, inputs))
    if not tasks:
        return []
    return _run(tasks, len(tasks), pool, progress, "trend")


def _trend_task(
    outcome: TrendOutcome,
    label: str | None,
    formats: tuple[str, ...],
    options: _Options,
    inputs: Mapping[Identity, Path],
) -> TrendOutcome | _Task:
    sources: list[bytes | str] = []
    try:
        for path in outcome.collections:
            keep = options.remote and not isinstance(path, URL)
            sources.append(_input_key(path, (), {}, keep=keep)[1] or str(path))
    except CulturekitError as exc:
        outcome.error, outcome.exit_code = str(exc), exc.exit_code
        return outcome
    args = (
        sources,
        [str(p) for p in outcome.collections],
        formats,
        options.framework,
        options.templates,
        label,
        options.source_date_epoch,
    )
    return _Task(
        trend_task, args, lambda rendered: _write_trend(outcome, rendered, options, inputs)
    )


def _write_trend(
    outcome: TrendOutcome, rendered: Rendered, options: _Options, inputs: Mapping[Identity, Path]
) -> TrendOutcome:
    _wrote(outcome, "trend", rendered, options, inputs)
    return outcome


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


_FAR = dt.date(9999, 12, 31)
