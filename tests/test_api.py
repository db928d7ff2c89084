"""The API does everything the command line does; the command line only passes through."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import culturekit
from culturekit.cli import cli
from culturekit.errors import ExistingFileError, OutputError, ValidationError
from culturekit.framework import dump_framework, load_framework
from culturekit.ingest.models import TrustInfo

ROOT = Path(__file__).resolve().parents[1]
CULTUREKIT = ROOT / "culturekit"


def staff_csv(tmp_path: Path) -> Path:
    from helpers.workbooks import item_codes

    codes = item_codes("staff")
    rows = [["respondent_id", "staff_group", *codes]]
    rows += [[str(n), "Nursing", *(["4"] * len(codes))] for n in range(1, 13)]
    path = tmp_path / "staff.csv"
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("given", ["rxn", " RXn ", "RXN"])
def test_trust_code_is_normalised_by_the_library(given: str) -> None:
    assert TrustInfo(name="N", code=given, period="2025").code == "RXN"


def test_load_accepts_a_lower_case_trust_code(tmp_path: Path) -> None:
    data = culturekit.load(
        staff=staff_csv(tmp_path), trust={"name": "Riverside", "code": "rxr", "period": "2025"}
    )
    assert data.trust.code == "RXR"


def test_write_template_refuses_to_overwrite_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    path.write_bytes(b"old")
    with pytest.raises(ExistingFileError) as caught:
        culturekit.write_template(path)
    assert isinstance(caught.value, OutputError)
    assert path.read_bytes() == b"old"
    assert "--" not in str(caught.value)
    culturekit.write_template(path, overwrite=True)
    assert path.read_bytes().startswith(b"PK")


def test_write_framework_writes_a_loadable_copy(tmp_path: Path) -> None:
    path = tmp_path / "fw.yaml"
    assert culturekit.write_framework(path) == path
    assert load_framework(path) == load_framework()
    assert path.read_text("utf-8") == dump_framework(load_framework())
    with pytest.raises(ExistingFileError):
        culturekit.write_framework(path)
    # A framework given as a file is what gets copied, and overwrite replaces.
    data = yaml.safe_load(path.read_text("utf-8"))
    data["reporting_threshold"] = 12
    custom = tmp_path / "custom.yaml"
    custom.write_text(yaml.safe_dump(data), "utf-8")
    culturekit.write_framework(path, custom, overwrite=True)
    assert load_framework(path).reporting_threshold == 12


def test_missing_trust_details_name_the_argument_not_a_flag(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        culturekit.load(staff=staff_csv(tmp_path))
    assert "--" not in str(caught.value)
    assert [p.remedy for p in caught.value.problems] == ["trust"]


def test_the_cli_adds_its_flags_to_library_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "--staff", str(staff_csv(tmp_path))])
    assert result.exit_code == ValidationError.exit_code
    assert "--trust-name, --trust-code and --period" in result.stderr
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"old")
    result = CliRunner().invoke(cli, ["template", str(target)])
    assert result.exit_code == OutputError.exit_code
    assert "already exists" in result.stderr and "--force" in result.stderr


def test_library_messages_name_no_command_line_flag() -> None:
    """Outside cli.py, no string literal of the package names one of the command's
    --flags (Python's own options, which the interrupt handler reads, are not its)."""
    import ast
    import re

    import click

    from culturekit.cli import cli

    def options(command: click.Command) -> set[str]:
        names = {o for p in command.params for o in p.opts + p.secondary_opts}
        for sub in getattr(command, "commands", {}).values():
            names |= options(sub)
        return {n for n in names if n.startswith("--")}

    flag = re.compile(r"(?<![\w-])--[a-z][a-z-]+")
    ours = options(cli)
    assert "--format" in ours
    found = set()
    for path in CULTUREKIT.rglob("*.py"):
        if path.name == "cli.py":
            continue
        tree = ast.parse(path.read_text("utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) in docstrings:
                    continue
                for match in set(flag.findall(node.value)) & ours:
                    top = path.relative_to(CULTUREKIT).parts[0].removesuffix(".py")
                    found.add((top, match))
    assert not found, sorted(found)
