"""The documentation is current: every command and option, the JSON schemas, the README."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import click
import pytest

from culturekit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _load(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, DOCS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current() -> None:
    expected = _load("make_cli_reference").reference()
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == expected, (
        "docs/cli.md is out of date: run python docs/make_cli_reference.py"
    )


@pytest.mark.parametrize("name", sorted(cli.commands))  # type: ignore[attr-defined]
def test_every_command_and_option_is_documented(name: str) -> None:
    command = cli.commands[name]  # type: ignore[attr-defined]
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert f"## culturekit {name}" in text
    assert command.help, f"{name} has no help text"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts} has no help text"
            for opt in param.opts:
                assert opt in text, f"{name} {opt} is not in docs/cli.md"


def test_json_schemas_are_current() -> None:
    for name, text in _load("make_schemas").schemas().items():
        path = DOCS / "schema" / f"{name}.schema.json"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path} is out of date: run python docs/make_schemas.py"
        )


def test_readme_starts_with_the_two_commands() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```bash") + 1 : lines.index("```bash") + 3]
    assert "culturekit diagnose examples/" in block[0]
    assert "pytest" in block[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert block[1] in ci, ".ci/run must run exactly the README's test command"


def test_documentation_links_resolve() -> None:
    for page in [ROOT / "README.md", *DOCS.glob("*.md")]:
        for target in re.findall(r"\]\(([^)#]+)\)", page.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://")):
                continue
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"
