"""Many workbooks at once, through any ``concurrent.futures.Executor``.

Each trust is diagnosed in its own task, so one trust's failure (a path that is missing,
unreadable or a folder, a workbook that breaks the input format) never stops the others:
it is one failed row, with the exit code its own ``diagnose`` would have given, and the
network summary is built from the trusts that succeeded. Outputs already up to date
with their input (same content hash, options and culturekit version) are skipped.

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
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from culturekit._version import __version__
from culturekit.api import DEFAULT_FORMATS, parse_formats, write_report
from culturekit.errors import CulturekitError, InputFileError
from culturekit.files import (
    Identity,
    identities,
    prepare_folder,
    refuse_overwriting_inputs,
    write_atomic,
)
from culturekit.framework import Framework, load_framework
from culturekit.ingest.reader import file_head
from culturekit.privacy import anonymise
from culturekit.results import Diagnosis
from culturekit.workers import ended_on_stop, process_pool

MANIFEST = ".culturekit-manifest.json"
NETWORK_FOLDER = "network"


@dataclass
class TrustOutcome:
    """One workbook's result in a batch run."""

    path: Path
    label: str | None = None
    folder: Path | None = None
    diagnosis: Diagnosis | None = None
    outputs: dict[str, Path] = field(default_factory=dict)
    skipped: bool = False
    error: str | None = None
    # The documented exit code of the error (culturekit.errors.EXIT_CODES).
    exit_code: int | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class PairOutcome:
    label: str
    pre: Path
    post: Path
    folder: Path
    comparison: Any | None = None
    outputs: dict[str, Path] = field(default_factory=dict)
    error: str | None = None
    exit_code: int | None = None


@dataclass
class BatchResult:
    trusts: list[TrustOutcome]
    pairs: list[PairOutcome] = field(default_factory=list)
    network: Any | None = None
    network_outputs: dict[str, Path] = field(default_factory=dict)
    # Workbooks a folder or glob found inside the output folder: a run never reads them.
    not_read: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> list[TrustOutcome]:
        return [t for t in self.trusts if not t.ok]

    @property
    def ok(self) -> bool:
        return not self.failed and all(p.error is None for p in self.pairs)


@dataclass(frozen=True)
class BatchEvent:
    """Progress: sent once per finished trust or pair."""

    done: int
    total: int
    path: Path
    ok: bool
    message: str


def expand_paths(paths: Iterable[str | Path], output: str | Path | None = None) -> list[Path]:
    """Files, folders (their .xlsx files, recursively) and glob patterns, de-duplicated.

    Workbooks that a folder or glob finds inside the ``output`` folder are left out (see
    :func:`found_workbooks`).
    """
    return found_workbooks(paths, output)[0]


def found_workbooks(
    paths: Iterable[str | Path], output: str | Path | None = None
) -> tuple[list[Path], list[Path]]:
    """The workbooks to read, and those found inside the ``output`` folder and not read.

    When the output folder lies inside a folder given (or a glob's folder), what a run
    wrote there (each trust's ``report.xlsx``, the network summary) would be found again
    by the next run and read as trusts' workbooks: a folder or glob never reads inside
    the output folder. A file named explicitly is read wherever it is.
    """
    own = Path(output).resolve() if output is not None else None
    found: list[Path] = []
    not_read: list[Path] = []
    for entry in paths:
        text = str(entry)
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
    unique = list(dict.fromkeys(p.resolve() for p in found))
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


def _input_key(path: Path, formats: tuple[str, ...], options: dict[str, Any]) -> str:
    """The input's content hash with the run's options; the file is checked readable first,
    so a missing file, a folder or an unreadable one fails as loading it would."""
    file_head(path)
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read ({exc.strerror})") from None
    digest.update(
        json.dumps(
            {"formats": formats, "version": __version__, **options}, sort_keys=True, default=str
        ).encode()
    )
    return digest.hexdigest()


def _up_to_date(folder: Path, key: str) -> bool:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return manifest.get("key") == key and all(
        (folder / name).exists() for name in manifest.get("outputs", [])
    )


def diagnose_one(
    path: Path,
    folder: Path,
    formats: tuple[str, ...],
    framework: Framework | None,
    templates: str | None,
    force: bool,
    label: str | None,
    framework_key: str,
    partial: bool = False,
) -> TrustOutcome:
    """Diagnose one workbook into ``folder``; errors are returned, not raised."""
    from culturekit.diagnosis import diagnose

    outcome = TrustOutcome(path=path, label=label, folder=folder)
    try:
        options = {"framework": framework_key, "label": label, "templates": templates}
        if partial:  # only then, so outputs of runs without it stay up to date
            options["partial"] = True
        key = _input_key(path, formats, options)
        saved = folder / "diagnosis.json"
        if not force and "json" in formats and _up_to_date(folder, key):
            outcome.diagnosis = Diagnosis.model_validate_json(saved.read_text("utf-8"))
            outcome.skipped = True
            return outcome
        diagnosis = diagnose(path, framework=framework, partial=partial)
        if label is not None:
            diagnosis = anonymise(diagnosis, label)
        outcome.diagnosis = diagnosis
        outcome.outputs = write_report(diagnosis, folder, formats, templates=templates)
        write_atomic(
            folder / MANIFEST,
            json.dumps(
                {"key": key, "outputs": sorted(p.name for p in outcome.outputs.values())}, indent=2
            )
            + "\n",
        )
    except CulturekitError as exc:
        outcome.error = str(exc)
        outcome.exit_code = exc.exit_code
    return outcome


def _folder_name(path: Path, label: str | None, taken: set[str]) -> str:
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
    or the calling process when ``jobs`` is 1. With ``compare``, workbooks of the same
    trust are paired in period order and each pair gets its comparison too. ``partial``
    lets a workbook without staff answers be diagnosed as a partial diagnosis (see
    :func:`culturekit.load`); without it such a workbook fails.

    A path that is missing, unreadable or a folder, like a workbook that breaks the input
    format, is one failed trust (:attr:`TrustOutcome.error` and ``exit_code``); the others
    still run and the network summary is written from those that succeeded.

    Workbooks a folder or glob finds inside ``out_dir`` are not read
    (:attr:`BatchResult.not_read`); an output that would replace an input (under any
    name) is refused with :class:`~culturekit.errors.OutputError` before anything runs.
    """
    files, not_read = found_workbooks(paths, out_dir)
    inputs = identities(files)
    root = Path(out_dir)
    fw = framework if isinstance(framework, Framework) else load_framework(framework)
    framework_key = hashlib.sha256(fw.model_dump_json().encode()).hexdigest()
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
    tasks = [
        (diagnose_one, (path, folder, wanted, fw, tmpl, force, label, framework_key, partial))
        for path, folder, label in zip(files, folders, labels, strict=True)
    ]
    outcomes = _run(tasks, executor, jobs, progress, root)
    trusts = sorted(outcomes, key=lambda o: files.index(o.path))
    result = BatchResult(trusts=trusts, not_read=not_read)
    if compare:
        result.pairs = _compare_pairs(
            result.trusts,
            root,
            wanted,
            fw,
            tmpl,
            executor,
            jobs,
            progress,
            anonymise_trusts,
            inputs,
        )
    latest = _latest_per_trust(trusts)
    if latest:
        from culturekit.network import summarise_network

        good = [(_network_label(o), o.diagnosis) for o in latest]
        movements = [(p.label, p.comparison) for p in result.pairs if p.comparison is not None]
        result.network = summarise_network(
            good,
            comparisons=movements,
            anonymised=anonymise_trusts,
            reports={_network_label(o): _report_links(o, root / NETWORK_FOLDER) for o in latest},
        )
        from culturekit.report.registry import document_for

        # A format only the trusts' reports have (the board pack) is not the network's.
        network_formats = [f for f in wanted if f in document_for(result.network).renderers]
        result.network_outputs = write_report(
            result.network, root / NETWORK_FOLDER, network_formats, templates=tmpl
        )
    return result


def _names(kind: str, formats: tuple[str, ...]) -> list[str]:
    """The file names a document of ``kind`` is written as, in ``formats``."""
    from culturekit.report.registry import DOCUMENTS

    files = next(d.files for d in DOCUMENTS if d.kind == kind)
    return [files[fmt] for fmt in formats]


def _peek(path: Path) -> tuple[str, str]:
    """Trust code and period from a workbook's Trust sheet (the file name when it has none)."""
    from culturekit.ingest.reader import read_one_sheet
    from culturekit.ingest.trust import parse_trust

    sheet = read_one_sheet(path, "Trust")
    info = parse_trust(sheet, [], []) if sheet is not None else None
    return (info.code, info.period) if info is not None else (f"file:{path.name}", path.stem)


def _labels(codes: list[str]) -> list[str | None]:
    """One anonymous label per trust (not per file), in order of trust code."""
    distinct = sorted(set(codes))
    names = dict(zip(distinct, anonymous_labels(len(distinct)), strict=True))
    return [names[code] for code in codes]


def _collection_order(outcome: TrustOutcome) -> tuple[Any, str]:
    trust = outcome.diagnosis.trust  # type: ignore[union-attr]
    return (trust.collected_on or _FAR, trust.period)


def _latest_per_trust(trusts: list[TrustOutcome]) -> list[TrustOutcome]:
    """Each trust once, by its latest collection: the network compares trusts, not years."""
    latest: dict[str, TrustOutcome] = {}
    for outcome in trusts:
        if not outcome.ok or outcome.diagnosis is None:
            continue
        code = outcome.diagnosis.trust.code
        if code not in latest or _collection_order(outcome) > _collection_order(latest[code]):
            latest[code] = outcome
    return sorted(latest.values(), key=_network_label)


def _network_label(outcome: TrustOutcome) -> str:
    return outcome.label or outcome.diagnosis.trust.name  # type: ignore[union-attr]


def _report_links(outcome: TrustOutcome, network_folder: Path) -> dict[str, str]:
    """The trust's reports on disk, by format, as paths from the network summary's folder
    (an up-to-date trust was not rewritten, so its files are looked for, not remembered)."""
    from culturekit.report.registry import document_for

    links = {}
    for fmt, name in document_for(outcome.diagnosis).files.items():
        path = outcome.folder / name  # type: ignore[operator]
        if path.is_file():
            links[fmt] = Path(os.path.relpath(path, network_folder)).as_posix()
    return links


def _run(
    tasks: list[tuple[Callable[..., Any], tuple[Any, ...]]],
    executor: Executor | None,
    jobs: int | None,
    progress: Callable[[BatchEvent], None] | None,
    root: Path,
) -> list[Any]:
    total = len(tasks)
    results: list[Any] = []

    def report(done: int, outcome: Any) -> None:
        if progress is None:
            return
        path = getattr(outcome, "path", None) or getattr(outcome, "post", Path("?"))
        error = getattr(outcome, "error", None)
        progress(
            BatchEvent(
                done=done,
                total=total,
                path=path,
                ok=error is None,
                message=error.splitlines()[0]
                if error
                else ("up to date" if getattr(outcome, "skipped", False) else "done"),
            )
        )

    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if executor is None and (workers <= 1 or total <= 1):
        for done, (function, args) in enumerate(tasks, start=1):
            outcome = function(*args)
            results.append(outcome)
            report(done, outcome)
        return results
    own = executor is None
    if own:
        _preload()
    pool = executor or process_pool(min(workers, total))
    try:
        with ended_on_stop(pool, root) if own else contextlib.nullcontext():
            futures: list[Future[Any]] = [pool.submit(fn, *args) for fn, args in tasks]
            for done, future in enumerate(as_completed(futures), start=1):
                outcome = future.result()
                results.append(outcome)
                report(done, outcome)
    finally:
        if own:
            pool.shutdown(cancel_futures=True)
    return results


def _preload() -> None:
    """Import what every task needs before the pool starts its workers.

    Where workers are forked (Linux), they inherit these modules instead of each spending
    a second or more importing them.
    """
    import culturekit.comparison
    import culturekit.diagnosis
    import culturekit.report.excel.diagnosis
    import culturekit.report.html  # noqa: F401
    from culturekit.report.charts import figure

    figure.pyplot()


def compare_one(
    label: str,
    pre: Path,
    post: Path,
    folder: Path,
    formats: tuple[str, ...],
    framework: Framework,
    templates: str | None,
    pre_label: str | None,
    post_label: str | None,
    inputs: Mapping[Identity, Path] | None = None,
) -> PairOutcome:
    from culturekit.comparison import compare

    outcome = PairOutcome(label=label, pre=pre, post=post, folder=folder)
    try:
        comparison = compare(pre, post, framework=framework)
        if pre_label is not None:
            comparison = anonymise(comparison, pre_label)
        outcome.comparison = comparison
        outcome.outputs = write_report(
            comparison, folder, formats, templates=templates, inputs=inputs or {}
        )
    except CulturekitError as exc:
        outcome.error = str(exc)
        outcome.exit_code = exc.exit_code
    return outcome


def _compare_pairs(
    trusts: list[TrustOutcome],
    root: Path,
    formats: tuple[str, ...],
    framework: Framework,
    templates: str | None,
    executor: Executor | None,
    jobs: int | None,
    progress: Callable[[BatchEvent], None] | None,
    anonymised: bool,
    inputs: Mapping[Identity, Path],
) -> list[PairOutcome]:
    """Workbooks of one trust, in period order, each paired with the one before it."""
    groups: dict[str, list[TrustOutcome]] = {}
    for outcome in trusts:
        if outcome.ok and outcome.diagnosis is not None:
            groups.setdefault(outcome.diagnosis.trust.code, []).append(outcome)
    tasks = []
    for code, members in sorted(groups.items()):
        members.sort(key=_collection_order)
        # One label per trust across its collections, from its first collection.
        label = members[0].label
        for before, after in itertools.pairwise(members):
            name = label or before.diagnosis.trust.name  # type: ignore[union-attr]
            folder = (
                root / f"compare-{(label or code).lower().replace(' ', '-')}-"
                f"{_slug(after.diagnosis.trust.period)}"
            )  # type: ignore[union-attr]
            tasks.append(
                (
                    compare_one,
                    (
                        name,
                        before.path,
                        after.path,
                        folder,
                        formats,
                        framework,
                        templates,
                        label,
                        label,
                        inputs,
                    ),
                )
            )
    if not tasks:
        return []
    return _run(tasks, executor, jobs, progress, root)


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


_FAR = dt.date(9999, 12, 31)
