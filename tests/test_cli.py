"""The ``culturekit`` command line, through click's CliRunner.

Success paths write the files they promise; every failure prints ``Error: ...`` on
stderr, exits with the code documented in ``culturekit.errors`` and never shows a
traceback or leaves output behind.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from helpers.workbooks import (
    DEFAULT_FRAMEWORK_FILE,
    ROOT,
    STAFF_HEADER,
    STAFF_ITEMS,
    TRUST_CODE,
    TRUST_NAME,
    TRUST_ROWS,
    make_workbook,
    sha256,
    staff_row,
)

import culturekit
from culturekit.cli import cli
from culturekit.errors import (
    EXIT_CODES,
    ComparisonError,
    FrameworkError,
    InputFileError,
    OutputError,
    ValidationError,
)

USAGE = 2


def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


HAS_XLSX = _has_module("culturekit.report.excel")
HAS_TEMPLATE = _has_module("culturekit.template") and "template" in cli.commands  # type: ignore[attr-defined]
HAS_COMPARE = "compare" in cli.commands and (  # type: ignore[attr-defined]
    _has_module("culturekit.comparison") or _has_module("culturekit.compare")
)
HAS_COMPARE_HTML = _has_module("culturekit.report.compare_html")


@pytest.fixture(autouse=True, scope="module")
def _forget_cached_help_options():
    """Click caches each command's help option on first use; running the commands here
    would leave "-h, --help" cached for docs/make_cli_reference.py, which builds its own
    contexts. Forget the cache afterwards so this file does not change other tests."""
    yield
    for command in (cli, *cli.commands.values()):  # type: ignore[attr-defined]
        if hasattr(command, "_help_option"):
            command._help_option = None


def run(*args: Any) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def assert_ok(result: Result) -> None:
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def assert_error(result: Result, code: int, *fragments: str) -> None:
    assert result.exit_code == code, (result.exit_code, result.output)
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("Error: "), result.stderr
    assert result.stdout == ""
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


def small_staff(n: int = 24) -> list[list[Any]]:
    rows = [["respondent_id", *STAFF_HEADER, "comment"]]
    for i in range(n):
        group = "Nursing" if i % 2 else "Admin and clerical"
        rows.append([f"R{i}", *staff_row(group, 1 + (i * 7) % 5), f"comment number {i}"])
    return rows


@pytest.fixture
def good_workbook(tmp_path: Path) -> Path:
    return make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": small_staff()}, name="good.xlsx")


@pytest.fixture
def bad_workbook(tmp_path: Path) -> Path:
    rows = small_staff()
    rows[3][2 + STAFF_ITEMS.index("GP3")] = "sometimes"  # row 4
    rows[7][2 + STAFF_ITEMS.index("TW1")] = 0  # row 8
    return make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows}, name="bad.xlsx")


# --------------------------------------------------------------------------- top level


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_commands_and_exit_codes(flag: str) -> None:
    result = run(flag)
    assert_ok(result)
    for command in ("diagnose", "validate", "framework"):
        assert command in result.stdout
    assert "Exit codes" in result.stdout
    for code, meaning in EXIT_CODES.items():
        line = next(
            line for line in result.stdout.splitlines() if line.strip().startswith(f"{code} ")
        )
        assert meaning.split()[0] in line, (code, line)


def test_version() -> None:
    result = run("--version")
    assert_ok(result)
    assert culturekit.__version__ in result.stdout


@pytest.mark.parametrize("command", sorted(cli.commands))  # type: ignore[attr-defined]
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert_ok(result)
    assert f"{command} [OPTIONS]" in result.stdout


def test_unknown_command_and_option_are_usage_errors(good_workbook: Path) -> None:
    assert run("diagnos").exit_code == USAGE
    assert run("diagnose", good_workbook, "--colour").exit_code == USAGE


# --------------------------------------------------------------------------- diagnose


def test_diagnose_writes_html_and_json(tmp_path: Path, good_workbook: Path) -> None:
    out = tmp_path / "out"
    result = run("diagnose", good_workbook, "-o", out, "--format", "html,json")
    assert_ok(result)
    assert sorted(p.name for p in out.iterdir()) == ["diagnosis.json", "report.html"]
    data = json.loads((out / "diagnosis.json").read_text(encoding="utf-8"))
    assert data["trust"]["name"] == TRUST_NAME and data["trust"]["code"] == TRUST_CODE
    assert data["response"]["staff"]["respondents"] == 24
    assert data["comments"] == []
    html = (out / "report.html").read_text(encoding="utf-8")
    assert TRUST_NAME in html and "comment number" not in html
    assert f"Wrote {out / 'report.html'}" in result.stdout
    assert f"Wrote {out / 'diagnosis.json'}" in result.stdout
    assert "Teamwork" in result.stdout  # the summary table
    assert result.stderr == ""


def test_diagnose_quiet_prints_only_paths(tmp_path: Path, good_workbook: Path) -> None:
    out = tmp_path / "out"
    result = run("diagnose", good_workbook, "-o", out, "--format", "json", "-q")
    assert_ok(result)
    assert result.stdout.splitlines() == [f"Wrote {out / 'diagnosis.json'}"]


def test_diagnose_include_comments(tmp_path: Path, good_workbook: Path) -> None:
    out = tmp_path / "out"
    assert_ok(run("diagnose", good_workbook, "-o", out, "--format", "json", "-q",
                  "--include-comments"))  # fmt: skip
    data = json.loads((out / "diagnosis.json").read_text(encoding="utf-8"))
    (comments,) = data["comments"]
    assert comments["source"] == "staff" and comments["shown"]
    assert sorted(comments["texts"]) == sorted(f"comment number {i}" for i in range(24))


def test_diagnose_example(tmp_path: Path, northwick_pre_path: Path) -> None:
    out = tmp_path / "northwick"
    result = run("diagnose", northwick_pre_path, "-o", out, "--format", "json,html", "-q")
    assert_ok(result)
    data = json.loads((out / "diagnosis.json").read_text(encoding="utf-8"))
    assert data["trust"]["code"] == "RXN"
    assert [e["id"] for e in data["elements"]] == [
        "vision_values",
        "goals_performance",
        "support_compassion",
        "learning_innovation",
        "equity_inclusion",
        "teamwork",
    ]
    assert data["inputs"][0]["sha256"] == sha256(northwick_pre_path)


@pytest.mark.skipif(not HAS_XLSX, reason="culturekit/report/excel.py is not there yet")
def test_diagnose_default_formats(tmp_path: Path, good_workbook: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "out"
    assert_ok(run("diagnose", good_workbook, "-o", out, "-q"))
    assert sorted(p.name for p in out.iterdir()) == ["diagnosis.json", "report.html", "report.xlsx"]
    load_workbook(out / "report.xlsx").close()


def test_diagnose_separate_csv_with_trust_options(tmp_path: Path) -> None:
    csv = tmp_path / "staff.csv"
    rows = small_staff(15)
    csv.write_text("\n".join(",".join(str(v) for v in row) for row in rows) + "\n", "utf-8")
    out = tmp_path / "out"
    result = run(
        "diagnose", "--staff", csv, "--trust-name", "Riverside NHS Trust",
        "--trust-code", " rxr ", "--period", "2025 baseline", "-o", out, "--format", "json",
    )  # fmt: skip
    assert_ok(result)
    data = json.loads((out / "diagnosis.json").read_text(encoding="utf-8"))
    assert data["trust"]["name"] == "Riverside NHS Trust"
    assert data["trust"]["code"] == "RXR"
    assert data["trust"]["period"] == "2025 baseline"
    assert data["response"]["staff"]["respondents"] == 15
    assert data["sources"]["present"] == ["staff"]


def test_diagnose_trust_options_go_together(tmp_path: Path) -> None:
    csv = tmp_path / "staff.csv"
    csv.write_text(",".join(STAFF_HEADER) + "\n", "utf-8")
    result = run("diagnose", "--staff", csv, "--trust-name", "X", "-o", tmp_path / "out")
    assert result.exit_code == USAGE
    assert "--trust-code" in result.stderr and "--period" in result.stderr
    assert not (tmp_path / "out").exists()


def test_diagnose_without_input_is_a_usage_error(tmp_path: Path) -> None:
    result = run("diagnose", "-o", tmp_path / "out")
    assert result.exit_code == USAGE
    assert "WORKBOOK" in result.stderr


def test_diagnose_missing_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("diagnose", tmp_path / "nowhere.xlsx", "-o", out)
    assert_error(result, InputFileError.exit_code, "nowhere.xlsx", "not found")
    assert InputFileError.exit_code == 3
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("fake.xlsx", b"name,score\nA,1\n"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64)),
    ],
)
def test_diagnose_unreadable_file(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    out = tmp_path / "out"
    assert_error(run("diagnose", path, "-o", out), 3, name)
    assert not out.exists()


def test_diagnose_invalid_workbook_writes_nothing(tmp_path: Path, bad_workbook: Path) -> None:
    out = tmp_path / "out"
    result = run("diagnose", bad_workbook, "-o", out)
    assert_error(result, ValidationError.exit_code, "2 problems", "row 4", "'GP3'", "sometimes")
    assert "row 8" in result.stderr and "'TW1'" in result.stderr
    assert ValidationError.exit_code == 4
    assert not out.exists()


def test_diagnose_invalid_workbook_leaves_earlier_output_alone(
    tmp_path: Path, bad_workbook: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").write_text("earlier report", "utf-8")
    assert_error(run("diagnose", bad_workbook, "-o", out, "--format", "html,json"), 4)
    assert [p.name for p in out.iterdir()] == ["report.html"]
    assert (out / "report.html").read_text("utf-8") == "earlier report"


def test_diagnose_unknown_format(tmp_path: Path, good_workbook: Path) -> None:
    out = tmp_path / "out"
    assert_error(run("diagnose", good_workbook, "-o", out, "--format", "html,docx"), 7, "docx")
    assert OutputError.exit_code == 7
    assert not out.exists() or not any(out.iterdir())


def test_diagnose_output_folder_cannot_be_made(tmp_path: Path, good_workbook: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    result = run("diagnose", good_workbook, "-o", blocker / "out", "--format", "json")
    assert_error(result, OutputError.exit_code, "a-file")
    assert blocker.read_text("utf-8") == "not a folder"


def test_diagnose_does_not_change_the_input(tmp_path: Path, good_workbook: Path) -> None:
    before = sha256(good_workbook)
    assert_ok(run("diagnose", good_workbook, "-o", tmp_path / "out", "--format", "json"))
    assert sha256(good_workbook) == before


# --------------------------------------------------------------------------- validate


def test_validate_valid(good_workbook: Path) -> None:
    result = run("validate", good_workbook)
    assert_ok(result)
    assert "Valid:" in result.stdout and TRUST_NAME in result.stdout
    assert "staff 24 rows" in result.stdout


def test_validate_prints_notices(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path,
        {"Trust": TRUST_ROWS, "Staff": small_staff(), "Scratch": [["x"], [1]]},
    )
    result = run("validate", path)
    assert_ok(result)
    assert any(
        line.startswith("Note:") and "Scratch" in line for line in result.stdout.splitlines()
    )


def test_validate_lists_every_problem(bad_workbook: Path) -> None:
    result = run("validate", bad_workbook)
    assert_error(result, 4, "bad.xlsx", "sheet 'Staff'", "row 4", "row 8", "sometimes")
    assert result.stderr.count("not on the scale") == 2


def test_validate_missing_file(tmp_path: Path) -> None:
    assert_error(run("validate", tmp_path / "missing.xlsx"), 3, "missing.xlsx")


def test_validate_separate_files(tmp_path: Path) -> None:
    csv = tmp_path / "staff.csv"
    csv.write_text("\n".join(",".join(str(v) for v in r) for r in small_staff(5)) + "\n", "utf-8")
    result = run("validate", "--staff", csv, "--trust-name", "T", "--trust-code", "RXQ",
                 "--period", "p")  # fmt: skip
    assert_ok(result)
    assert "staff 5 rows" in result.stdout


# --------------------------------------------------------------------------- framework


def test_framework_prints_the_default() -> None:
    result = run("framework")
    assert_ok(result)
    assert yaml.safe_load(result.stdout) == yaml.safe_load(
        DEFAULT_FRAMEWORK_FILE.read_text("utf-8")
    )


def test_framework_write_and_force(tmp_path: Path) -> None:
    target = tmp_path / "my-framework.yaml"
    result = run("framework", "--write", target)
    assert_ok(result)
    assert target.exists() and str(target) in result.stdout
    written = yaml.safe_load(target.read_text("utf-8"))
    assert written == yaml.safe_load(DEFAULT_FRAMEWORK_FILE.read_text("utf-8"))
    assert culturekit.load_framework(target) == culturekit.default_framework()

    target.write_text("# edited\n" + target.read_text("utf-8"), "utf-8")
    edited = target.read_text("utf-8")
    assert_error(run("framework", "--write", target), OutputError.exit_code, "exists", "--force")
    assert target.read_text("utf-8") == edited
    assert_ok(run("framework", "--write", target, "--force"))
    assert not target.read_text("utf-8").startswith("# edited")


def test_framework_shows_a_given_file(tmp_path: Path) -> None:
    data = yaml.safe_load(DEFAULT_FRAMEWORK_FILE.read_text("utf-8"))
    data["reporting_threshold"] = 15
    path = tmp_path / "fw.yaml"
    path.write_text(yaml.safe_dump(data), "utf-8")
    result = run("framework", "--framework", path)
    assert_ok(result)
    assert yaml.safe_load(result.stdout)["reporting_threshold"] == 15


def _edit(data: dict[str, Any], case: str) -> None:
    staff = data["instruments"]["staff"]["items"]
    if case == "unknown element":
        staff[0]["element"] = "wellbeing_x"
    elif case == "duplicate item code":
        data["instruments"]["board"]["items"][0]["code"] = "vv2"
    elif case == "item in no element":
        del staff[2]["element"]
    elif case == "empty element":
        staff[2]["element"] = ""
    elif case == "duplicate element id":
        data["elements"].append(dict(data["elements"][0]))


FRAMEWORK_CASES = {
    "unknown element": ["VV1", "wellbeing_x"],
    "duplicate item code": ["vv2", "twice"],
    "item in no element": ["staff", "element"],
    "empty element": ["VV3"],
    "duplicate element id": ["vision_values"],
}


@pytest.mark.parametrize("case", sorted(FRAMEWORK_CASES))
@pytest.mark.parametrize("command", ["framework", "validate", "diagnose"])
def test_invalid_framework_exits_5(
    tmp_path: Path, good_workbook: Path, case: str, command: str
) -> None:
    data = copy.deepcopy(yaml.safe_load(DEFAULT_FRAMEWORK_FILE.read_text("utf-8")))
    _edit(data, case)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    out = tmp_path / "out"
    args: list[Any] = [command, "--framework", path]
    if command != "framework":
        args[1:1] = [good_workbook]
    if command == "diagnose":
        args += ["-o", out]
    result = run(*args)
    assert_error(result, FrameworkError.exit_code, "broken.yaml", *FRAMEWORK_CASES[case])
    assert FrameworkError.exit_code == 5
    assert not out.exists()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("id: [unclosed\n", "YAML"), ("- just\n- a list\n", "mapping"), ("", "mapping")],
)
def test_framework_file_that_is_not_a_framework(tmp_path: Path, text: str, fragment: str):
    path = tmp_path / "fw.yaml"
    path.write_text(text, "utf-8")
    assert_error(run("framework", "--framework", path), 5, fragment)


def test_framework_file_missing(tmp_path: Path) -> None:
    assert_error(run("framework", "--framework", tmp_path / "none.yaml"), 5, "not found")


# --------------------------------------------------------------------------- compare


def _collection(tmp_path: Path, name: str, period: str, code: str, shift: int) -> Path:
    trust = [["field", "value"], ["trust_name", TRUST_NAME], ["trust_code", code],
             ["period", period]]  # fmt: skip
    rows = [STAFF_HEADER] + [
        staff_row("Nursing" if i % 2 else "Admin", min(5, 1 + (i + shift) % 5)) for i in range(30)
    ]
    return make_workbook(tmp_path, {"Trust": trust, "Staff": rows}, name=name)


@pytest.mark.skipif(not HAS_COMPARE, reason="the compare command is not there yet")
def test_compare_writes_its_outputs(tmp_path: Path) -> None:
    pre = _collection(tmp_path, "pre.xlsx", "2025 baseline", TRUST_CODE, 0)
    post = _collection(tmp_path, "post.xlsx", "2026 follow-up", TRUST_CODE, 1)
    out = tmp_path / "out"
    formats = "html,json" if HAS_COMPARE_HTML else "json"
    result = run("compare", pre, post, "-o", out, "--format", formats, "-q")
    assert_ok(result)
    data = json.loads((out / "comparison.json").read_text("utf-8"))
    assert data["trust"]["code"] == TRUST_CODE
    if HAS_COMPARE_HTML:
        assert (out / "compare.html").exists()
    assert all(line.startswith("Wrote ") for line in result.stdout.splitlines())


@pytest.mark.skipif(not HAS_COMPARE, reason="the compare command is not there yet")
def test_compare_refuses_the_same_workbook_twice(tmp_path: Path, good_workbook: Path) -> None:
    out = tmp_path / "out"
    result = run("compare", good_workbook, good_workbook, "-o", out, "--format", "json")
    assert_error(result, ComparisonError.exit_code, "same")
    assert ComparisonError.exit_code == 6
    assert not out.exists()


@pytest.mark.skipif(not HAS_COMPARE, reason="the compare command is not there yet")
def test_compare_different_trusts(tmp_path: Path) -> None:
    pre = _collection(tmp_path, "pre.xlsx", "2025 baseline", "RXA", 0)
    post = _collection(tmp_path, "post.xlsx", "2026 follow-up", "RXB", 1)
    out = tmp_path / "out"
    assert_error(run("compare", pre, post, "-o", out, "--format", "json"), 6, "RXA", "RXB")
    assert not out.exists()
    result = run("compare", pre, post, "-o", out, "--format", "json", "-q",
                 "--allow-different-trusts")  # fmt: skip
    assert_ok(result)
    assert (out / "comparison.json").exists()


@pytest.mark.skipif(not HAS_COMPARE, reason="the compare command is not there yet")
def test_compare_invalid_input(tmp_path: Path, bad_workbook: Path, good_workbook: Path) -> None:
    out = tmp_path / "out"
    assert_error(run("compare", bad_workbook, good_workbook, "-o", out), 4, "row 4")
    assert_error(run("compare", tmp_path / "x.xlsx", good_workbook, "-o", out), 3, "x.xlsx")
    assert not out.exists()


# --------------------------------------------------------------------------- template


@pytest.mark.skipif(not HAS_TEMPLATE, reason="culturekit/template.py is not there yet")
def test_template_writes_a_workbook_and_respects_force(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "blank.xlsx"
    result = run("template", target)
    assert_ok(result)
    workbook = load_workbook(target)
    try:
        names = [n.lower() for n in workbook.sheetnames]
        assert "trust" in names and "staff" in names
        staff = workbook[workbook.sheetnames[names.index("staff")]]
        headers = [c.value for c in next(staff.iter_rows(min_row=1, max_row=1))]
        assert set(STAFF_ITEMS) <= set(headers)
    finally:
        workbook.close()
    before = sha256(target)
    assert_error(run("template", target), OutputError.exit_code, "exists", "--force")
    assert sha256(target) == before
    assert_ok(run("template", target, "--force"))


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize(
    ("template", "fragment"),
    [
        (None, "template folder not found"),
        ("{% if %}\n", "line 1"),
        ("{{ nothing_here.x }}\n", "nothing_here"),
    ],
    ids=["missing-folder", "syntax-error", "undefined-name"],
)
def test_broken_trust_templates_exit_7_and_write_nothing(
    tmp_path: Path, good_workbook: Path, template: str | None, fragment: str
) -> None:
    folder = tmp_path / "branding"
    if template is not None:
        folder.mkdir()
        (folder / "report.html").write_text(template, "utf-8")
    out = tmp_path / "out"
    result = run("diagnose", good_workbook, "-o", out, "--format", "html,json",
                 "--templates", folder)  # fmt: skip
    assert_error(result, OutputError.exit_code, fragment)
    assert not out.exists()


def test_trust_template_overrides_the_shipped_one(tmp_path: Path, good_workbook: Path) -> None:
    folder = tmp_path / "branding"
    folder.mkdir()
    (folder / "report.html").write_text(
        '{% extends "default/report.html" %}{% block title %}Branded {{ d.trust.code }}'
        "{% endblock %}",
        "utf-8",
    )
    out = tmp_path / "out"
    assert_ok(run("diagnose", good_workbook, "-o", out, "--format", "html", "--templates", folder))
    html = (out / "report.html").read_text("utf-8")
    assert f"<title>Branded {TRUST_CODE}</title>" in html
    assert "Scores by group" in html  # the rest of the shipped report is kept


def test_library_diagnose_still_callable_after_the_cli_ran(good_workbook: Path) -> None:
    code = (
        "import sys, tempfile\n"
        "from culturekit.api import run_diagnose\n"
        "run_diagnose(sys.argv[1], tempfile.mkdtemp(), formats=['json'])\n"
        "import culturekit\n"
        "print(culturekit.diagnose(sys.argv[1]).trust.code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(good_workbook)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == TRUST_CODE


# --------------------------------------------------------------------------- --group-by


def _site_workbook(folder: Path, period: str = "2025 baseline") -> Path:
    """36 staff in two sites and two shifts (12 and 24); neither column is one the format
    names."""
    trust = [row[:] for row in TRUST_ROWS]
    trust[3][1] = period
    rows: list[list[Any]] = [["site", "shift", *STAFF_HEADER]]
    for i in range(36):
        rows.append(["North" if i % 2 else "South", f"shift {i % 3 < 1}", *staff_row("A", 3)])
    return make_workbook(folder, {"Trust": trust, "Staff": rows}, name=f"{period[:4]}.xlsx")


def _breakdowns(out: Path, name: str = "diagnosis.json") -> list[str]:
    return [b["by"] for b in json.loads((out / name).read_text(encoding="utf-8"))["breakdowns"]]


def test_diagnose_group_by_repeated_or_comma_separated(tmp_path: Path) -> None:
    path = _site_workbook(tmp_path)
    plain, one, both = tmp_path / "plain", tmp_path / "one", tmp_path / "both"
    assert_ok(run("diagnose", path, "-o", plain, "--format", "json", "-q"))
    assert _breakdowns(plain) == ["staff_group"]
    assert_ok(run("diagnose", path, "-o", one, "--format", "json", "-q", "--group-by", "site"))
    assert _breakdowns(one) == ["site", "staff_group"]
    assert_ok(run("diagnose", path, "-o", both, "--format", "json", "-q",
                  "--group-by", "site,shift"))  # fmt: skip
    assert _breakdowns(both) == ["site", "shift", "staff_group"]
    again = tmp_path / "again"
    assert_ok(run("diagnose", path, "-o", again, "--format", "json", "-q",
                  "--group-by", "shift", "--group-by", "site"))  # fmt: skip
    assert _breakdowns(again) == _breakdowns(both)


def test_validate_group_by_names_a_missing_column(tmp_path: Path) -> None:
    path = _site_workbook(tmp_path)
    assert_ok(run("validate", path, "--group-by", "site"))
    result = run("validate", path, "--group-by", "ward")
    assert_error(result, 4, "'ward'", "site, shift, staff_group")


def test_compare_and_batch_take_group_by(tmp_path: Path) -> None:
    pre = _site_workbook(tmp_path, "2025 baseline")
    post = _site_workbook(tmp_path, "2026 follow-up")
    out = tmp_path / "cmp"
    assert_ok(run("compare", pre, post, "-o", out, "--format", "json", "-q", "--group-by", "site"))
    assert _breakdowns(out, "comparison.json") == ["site", "staff_group"]
    batch_out = tmp_path / "batch"
    assert_ok(run("batch", pre, post, "-o", batch_out, "-j", "1", "--format", "json",
                  "--group-by", "site"))  # fmt: skip
    found = sorted(batch_out.glob("*/diagnosis.json"))
    assert len(found) == 2
    assert all(_breakdowns(p.parent) == ["site", "staff_group"] for p in found)
