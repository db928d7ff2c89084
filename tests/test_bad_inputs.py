"""Bad inputs through the command line: no crash, no traceback, nothing written.

Each case of the corpus (``tests/bad_inputs.py``) is built in a temporary folder and run
through ``validate`` and ``diagnose`` (and ``framework`` for framework files). A refused
input gives ``Error: ...`` naming the file and what to do, its documented exit code, no
traceback and no output folder; an accepted one gives its notice (``Note: ...``).
"""

from __future__ import annotations

import hashlib
import time
import zipfile
from pathlib import Path

import bad_inputs
import numpy as np
import pytest
from bad_inputs import CASES, CASES_BY_ID, TRUST_OPTIONS, Built, Case
from click.testing import CliRunner, Result
from helpers.workbooks import STAFF_ITEMS

import culturekit
from culturekit.cli import cli
from culturekit.errors import EXIT_CODES, InputFileError, ValidationError
from culturekit.ingest import reader

DOCS = Path(__file__).resolve().parents[1] / "docs" / "bad-inputs.md"
REFUSED = [case for case in CASES if case.refused]
ACCEPTED = [case for case in CASES if not case.refused]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(args: list[str]) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    # CliRunner keeps an unexpected exception instead of printing its traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result


def command_line(command: str, built: Built, out: Path) -> list[str]:
    if command == "framework":
        return ["framework", "--framework", str(built.file)]
    if command == "diagnose":
        return ["diagnose", *built.args, "-o", str(out), "--format", "html,json,xlsx"]
    return [command, *built.args]


def params(cases: list[Case]) -> list[object]:
    return [
        pytest.param(case, command, id=f"{case.id}-{command}")
        for case in cases
        for command in case.commands
    ]


@pytest.mark.parametrize(("case", "command"), params(REFUSED))
def test_refused_input(tmp_path: Path, case: Case, command: str) -> None:
    built = case.build(tmp_path / "in")
    before = {path: sha256(path) for path in built.inputs}
    out = tmp_path / "out"
    result = run(command_line(command, built, out))
    assert result.exit_code == case.exit_code, result.stderr
    assert case.exit_code in EXIT_CODES
    assert result.stderr.startswith("Error: "), result.stderr
    assert str(built.file) in result.stderr  # the file is named
    for fragment in case.says:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert not out.exists(), "a refused input must write nothing"
    assert {path: sha256(path) for path in built.inputs} == before


@pytest.mark.parametrize(("case", "command"), params(ACCEPTED))
def test_accepted_input(tmp_path: Path, case: Case, command: str) -> None:
    built = case.build(tmp_path / "in")
    before = {path: sha256(path) for path in built.inputs}
    out = tmp_path / "out"
    result = run(command_line(command, built, out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    if command == "validate":
        assert "Valid: " in result.stdout
        notes = [line for line in result.stdout.splitlines() if line.startswith("Note: ")]
        for fragment in case.says:
            assert any(fragment in note for note in notes), (fragment, notes)
    else:
        assert {p.name for p in out.iterdir()} == {"report.html", "diagnosis.json", "report.xlsx"}
    assert {path: sha256(path) for path in built.inputs} == before


@pytest.mark.parametrize(
    "case",
    [c for c in REFUSED if c.commands == ("validate", "diagnose")],
    ids=lambda c: c.id,
)
def test_library_raises_the_same_error(tmp_path: Path, case: Case) -> None:
    """``culturekit.load`` raises the error class the exit code stands for."""
    built = case.build(tmp_path)
    expected = InputFileError if case.exit_code == 3 else ValidationError
    with pytest.raises(expected) as excinfo:
        if built.args[0] == "--staff":
            culturekit.load(staff=built.file, trust=_trust())
        else:
            culturekit.load(built.file)
    assert str(built.file) in str(excinfo.value)


def _trust() -> dict[str, str]:
    options = dict(zip(TRUST_OPTIONS[::2], TRUST_OPTIONS[1::2], strict=True))
    return {
        "name": options["--trust-name"],
        "code": options["--trust-code"],
        "period": options["--period"],
    }


def test_every_case_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [case.what for case in CASES if case.what not in text]
    assert not missing, f"docs/bad-inputs.md does not list: {missing}"


# --------------------------------------------------------------------------- zip bombs


@pytest.fixture(scope="module")
def real_zip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workbook of a few MiB whose Staff sheet expands to 1.25 GiB."""
    folder = tmp_path_factory.mktemp("bomb")
    return bad_inputs.zip_bomb(folder / "trust.xlsx", 5 << 28, level=1)


@pytest.mark.parametrize("command", ["validate", "diagnose"])
def test_zip_bomb_is_refused_before_reading(tmp_path: Path, real_zip_bomb: Path, command: str):
    assert real_zip_bomb.stat().st_size < 20 << 20
    started = time.monotonic()
    out = tmp_path / "out"
    args = [command, real_zip_bomb] + (["-o", out] if command == "diagnose" else [])
    result = run(args)
    assert time.monotonic() - started < 5  # refused from the zip's directory, not inflated
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {real_zip_bomb}: the workbook expands to 1.25 GiB")
    assert "over the 1 GiB limit; it was not read" in result.stderr
    assert "do not open it" in result.stderr
    assert not out.exists()


def test_size_limit_applies_to_any_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = bad_inputs.good_workbook(tmp_path)
    monkeypatch.setattr(reader, "MAX_UNCOMPRESSED_BYTES", 16 * 1024)
    result = run(["validate", path])
    assert result.exit_code == 3
    assert "over the 16 KiB limit; it was not read" in result.stderr


def test_ratio_rule_spares_well_compressed_real_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A million formatted rows compress about 16 times: far from the 200 of a zip bomb."""
    path = bad_inputs.million_empty_rows(tmp_path / "trust.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet2.xml")
    assert 10 < sheet.file_size / sheet.compress_size < reader.MAX_RATIO / 4
    monkeypatch.setattr(reader, "RATIO_CHECK_MIN_BYTES", 1 << 20)
    assert run(["validate", path]).exit_code == 0


# --------------------------------------------------------------------------- what is read


def test_million_empty_rows_are_read_quickly_and_skipped(tmp_path: Path) -> None:
    built = CASES_BY_ID["million-empty-rows"].build(tmp_path)
    started = time.monotonic()
    data = culturekit.load(built.file)
    assert time.monotonic() - started < 15
    survey = data.surveys["staff"]
    assert survey.n_rows == 12
    assert list(survey.rows) == list(range(2, 14))


def test_formula_with_a_saved_value_uses_the_value(tmp_path: Path) -> None:
    data = culturekit.load(CASES_BY_ID["formula-with-value"].build(tmp_path).file)
    assert data.surveys["staff"].codes["VV2"].iloc[0] == 4


def test_formula_without_a_value_names_every_cell(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as excinfo:
        culturekit.load(CASES_BY_ID["formula-without-value"].build(tmp_path).file)
    problems = excinfo.value.problems
    assert [(p.sheet, p.row, p.column, p.value) for p in problems] == [
        ("Staff", row, "VV2", "=2+2") for row in range(2, 14)
    ]


def test_odd_spellings_are_scored_as_their_label(tmp_path: Path) -> None:
    data = culturekit.load(CASES_BY_ID["answer-odd-spelling"].build(tmp_path).file)
    first = data.surveys["staff"].codes.iloc[0]
    assert [first[code] for code in STAFF_ITEMS[:4]] == [4, 5, 3, 2]


@pytest.mark.parametrize(
    "case_id", ["csv-utf8", "csv-utf8-bom", "csv-windows-1252", "csv-semicolons", "csv-utf16-tabs"]
)
def test_csv_files_read_the_same(tmp_path: Path, case_id: str) -> None:
    built = CASES_BY_ID[case_id].build(tmp_path)
    survey = culturekit.load(staff=built.file, trust=_trust()).surveys["staff"]
    assert list(survey.groups.columns) == ["staff_group"]  # no BOM glued to the header
    assert survey.codes.shape == (12, len(STAFF_ITEMS))
    expected = np.array([1 + i % 5 for i in range(12)], dtype=float)
    assert (survey.codes["TW4"].to_numpy() == expected).all()


def test_windows_1252_text_is_not_mangled(tmp_path: Path) -> None:
    built = CASES_BY_ID["csv-windows-1252"].build(tmp_path)
    survey = culturekit.load(staff=built.file, trust=_trust()).surveys["staff"]
    assert set(survey.groups["staff_group"]) == {"Prefer not to say – other, café"}


def test_a_password_directory_past_the_first_mib_is_found(tmp_path: Path) -> None:
    """An encrypted workbook is recognised from the OLE2 directory, wherever it lies."""
    header = bytearray(bad_inputs.ole_header()[:512])
    sector = 2100  # the directory at byte (2100 + 1) * 512, past the first MiB
    header[0x30:0x34] = sector.to_bytes(4, "little")
    directory = bytearray(512)
    mark = "EncryptionInfo".encode("utf-16-le")
    directory[128 : 128 + len(mark)] = mark
    path = tmp_path / "trust.xlsx"
    path.write_bytes(bytes(header) + bytes(sector * 512) + bytes(directory))
    result = run(["validate", path])
    assert result.exit_code == 3
    assert "password-protected" in result.stderr


def test_batch_reports_bad_workbooks_and_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    CASES_BY_ID["stray-cell"].build(folder / "a")
    (folder / "a" / "trust.xlsx").rename(folder / "stray.xlsx")
    (folder / "text.xlsx").write_text("not a workbook", encoding="utf-8")
    bad_inputs.good_workbook(folder, "good.xlsx")
    out = tmp_path / "out"
    result = run(["batch", folder / "*.xlsx", "-o", out, "-j", "1", "--format", "json"])
    assert result.exit_code == 8, result.stderr
    assert "Error: 2 of 3 workbooks failed" in result.stderr
    assert (out / "good" / "diagnosis.json").exists()
    assert not (out / "stray").exists() or not any((out / "stray").iterdir())
