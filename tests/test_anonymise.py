"""Anonymisation over a whole result: no trust name, code or input file name anywhere.

Every output file of an anonymised run is read in full (JSON and HTML as text, Excel
workbooks cell by cell with openpyxl, and the run's manifests) and searched for each
trust's name, code and input file names, with one workbook per trust and with one file
per source.
"""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest
from openpyxl import load_workbook

import culturekit
from culturekit.api import write_report
from culturekit.batch import batch
from culturekit.network import summarise_network
from culturekit.privacy import anonymise, anonymous_code

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TRUSTS = {
    "northwick": ("Northwick General Hospital NHS Trust", "RXN"),
    "elmbridge": ("Elmbridge Mental Health and Community NHS Trust", "RXE"),
}
SOURCES = ("staff", "board", "stakeholders", "workforce", "recruitment", "dashboard")


def output_text(path: Path) -> str:
    """Everything a reader of ``path`` could see: its text, or every cell of a workbook."""
    if path.suffix == ".xlsx":
        workbook = load_workbook(path, read_only=True)
        try:
            cells = [
                str(value)
                for sheet in workbook.worksheets
                for row in sheet.iter_rows(values_only=True)
                for value in row
                if value is not None
            ]
            props = workbook.properties
            cells += [sheet.title for sheet in workbook.worksheets]
            cells += [str(props.title or ""), str(props.subject or ""), str(props.creator or "")]
        finally:
            workbook.close()
        return "\n".join(cells)
    return path.read_bytes().decode("utf-8", "replace")


def secrets_for(slug: str, files: Iterable[Path]) -> list[str]:
    name = TRUSTS[slug][0]
    return [name, slug, slug.capitalize(), *(f.name for f in files), *(f.stem for f in files)]


def assert_nothing_leaks(folder: Path, slugs: Iterable[str], files: Iterable[Path]) -> int:
    """Search every file under ``folder``; return how many were read."""
    files = list(files)
    outputs = [p for p in folder.rglob("*") if p.is_file()]
    assert outputs
    for path in outputs:
        text = output_text(path)
        relative = str(path.relative_to(folder))
        for slug in slugs:
            code = TRUSTS[slug][1]
            for secret in secrets_for(slug, files):
                assert secret.lower() not in text.lower(), f"{secret!r} in {path}"
                assert secret.lower() not in relative.lower(), f"{secret!r} in the name {path}"
            # The code as a word (it could occur by chance inside base64 chart data).
            assert not re.search(rf"(?<![A-Za-z0-9]){code}(?![A-Za-z0-9])", text), (code, path)
    return len(outputs)


def test_batch_of_workbooks_leaves_no_trust_in_any_output(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for slug in TRUSTS:
        for key in ("pre", "post"):
            shutil.copy(EXAMPLES / f"{slug}-{key}.xlsx", inputs / f"{slug}-{key}.xlsx")
    out = tmp_path / "out"
    result = batch(
        [inputs], out, jobs=1, formats=["html", "json", "xlsx"], compare=True, anonymise_trusts=True
    )
    assert result.ok and len(result.pairs) == 2 and result.network is not None
    read = assert_nothing_leaks(out, TRUSTS, inputs.iterdir())
    # Four diagnoses, two comparisons and the network: three formats each, plus manifests.
    assert read >= 7 * 3
    labels = {t.diagnosis.trust.name for t in result.trusts}  # type: ignore[union-attr]
    assert labels == {"Trust A", "Trust B"}
    assert {t.diagnosis.trust.code for t in result.trusts} == {"A", "B"}  # type: ignore[union-attr]


def write_sources_as_csv(workbook: Path, folder: Path, slug: str) -> dict[str, Path]:
    """Each source sheet of ``workbook`` as its own CSV file, named after the trust."""
    book = load_workbook(workbook, read_only=True, data_only=True)
    files: dict[str, Path] = {}
    try:
        for sheet in book.worksheets:
            key = sheet.title.lower()
            if key not in SOURCES:
                continue
            path = folder / f"{slug}-{key}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                for row in sheet.iter_rows(values_only=True):
                    writer.writerow(["" if v is None else v for v in row])
            files[key] = path
    finally:
        book.close()
    return files


@pytest.fixture(scope="module")
def per_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[culturekit.Diagnosis, list[Path]]:
    folder = tmp_path_factory.mktemp("northwick-sources")
    files = write_sources_as_csv(EXAMPLES / "northwick-pre.xlsx", folder, "northwick")
    assert set(files) == set(SOURCES)
    name, code = TRUSTS["northwick"]
    # A lower-case code, as an analyst would type it.
    trust = {"name": name, "code": code.lower(), "period": "2025 baseline"}
    data = culturekit.load(**files, trust=trust)  # type: ignore[arg-type]
    assert data.trust.code == code
    return culturekit.diagnose(data), list(files.values())


def test_one_file_per_source_leaves_no_trust_in_any_output(
    per_source: tuple[culturekit.Diagnosis, list[Path]], tmp_path: Path
) -> None:
    diagnosis, files = per_source
    # Before: the file names are in the document (so the search below means something).
    assert any(f.name in diagnosis.to_json() for f in files)
    hidden = anonymise(diagnosis, "Trust C")
    write_report(hidden, tmp_path / "out", ["html", "json", "xlsx"])
    assert assert_nothing_leaks(tmp_path / "out", ["northwick"], files) == 3
    assert hidden.trust.name == "Trust C" and hidden.trust.code == "C"
    assert all(i.sha256 == "" for i in hidden.inputs)
    assert [i.path for i in hidden.inputs] == [f"Trust C file {n}" for n in range(1, 7)]


def test_anonymise_changes_only_identities(
    per_source: tuple[culturekit.Diagnosis, list[Path]],
) -> None:
    diagnosis, _ = per_source
    hidden = anonymise(diagnosis, "Trust C")
    for field in ("elements", "gaps", "breakdowns", "triangulation", "priorities", "response"):
        assert getattr(hidden, field) == getattr(diagnosis, field), field
    assert diagnosis.trust.name == TRUSTS["northwick"][0]  # the original is left alone


def test_anonymise_a_network_with_a_label_per_trust() -> None:
    diagnoses = [
        (TRUSTS[slug][0], culturekit.diagnose(EXAMPLES / f"{slug}-post.xlsx")) for slug in TRUSTS
    ]
    network = summarise_network(diagnoses)
    hidden = anonymise(network, {"RXN": "Trust A", "RXE": "Trust B"})
    text = hidden.to_json()
    for name, code in TRUSTS.values():
        assert name not in text and code not in text
    assert {t.name for t in hidden.trusts} == {"Trust A", "Trust B"}
    assert {t.label for t in hidden.trusts} == {"Trust A", "Trust B"}
    with pytest.raises(ValueError, match="RXE"):
        anonymise(network, {"RXN": "Trust A"})


def test_anonymise_a_comparison() -> None:
    comparison = culturekit.compare(
        EXAMPLES / "northwick-pre.xlsx", EXAMPLES / "northwick-post.xlsx"
    )
    text = anonymise(comparison, "Trust D").to_json()
    for secret in (*TRUSTS["northwick"], "northwick-pre.xlsx", "northwick-post"):
        assert secret not in text
    assert '"Trust D"' in text


def test_anonymous_code() -> None:
    assert anonymous_code("Trust A") == "A"
    assert anonymous_code("Trust AB") == "AB"
