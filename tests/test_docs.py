"""What the documentation states is what culturekit does.

``test_documentation.py`` checks that generated pages are current; this file checks the
claims in the prose: documented numbers against the packaged framework, documented keys
and exit codes against real output, and the API page's example against the library.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers.workbooks import ROOT, framework_data

import culturekit
from culturekit import errors
from culturekit.cli import cli

DOCS = ROOT / "docs"
pytestmark = pytest.mark.skipif(not DOCS.is_dir(), reason="no docs/ folder")


def page(name: str) -> str:
    path = DOCS / name
    if not path.exists():
        pytest.skip(f"docs/{name} is not written yet")
    return path.read_text(encoding="utf-8")


def code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


# --------------------------------------------------------------------------- numbers


def test_documented_thresholds_are_the_frameworks() -> None:
    fw = framework_data()
    text = page("input-format.md")
    assert f"reporting threshold ({fw['reporting_threshold']})" in text
    assert f"comment threshold ({fw['comment_threshold']})" in text
    assert f"({round(fw['min_share_answered'] * 100)}%)" in text
    methods = page("methods.md")
    rules = fw["rules"]
    assert f"`reporting_threshold` ({fw['reporting_threshold']})" in methods
    assert f"`comment_threshold` ({fw['comment_threshold']})" in methods
    assert f"`rules.alpha_warning` ({rules['alpha_warning']})" in methods
    assert f"`rules.gap_flag` ({rules['gap_flag']} points)" in methods
    similar = round(rules["dashboard_similar_within"] * 100)
    assert f"`rules.dashboard_similar_within` ({similar}%)" in methods


def test_documented_coding_is_the_scale() -> None:
    scores = [p["score"] for p in framework_data()["scale"]["points"]]
    assert scores == [0.0, 2.5, 5.0, 7.5, 10.0]
    assert "coded 0, 2.5, 5, 7.5 and 10" in page("methods.md")


def test_documented_answer_labels_and_not_answered_words() -> None:
    fw = framework_data()
    text = " ".join(page("input-format.md").split())
    labels = ", ".join(p["label"] for p in fw["scale"]["points"])
    assert f"({labels}; any case" in text or labels in text
    words = re.search(r"Blank, (.*?) mean \"not answered\"", text)
    assert words is not None
    documented = re.findall(r"`([^`]+)`", words.group(1))
    assert documented
    for word in documented:
        assert word in fw["scale"]["not_answered"], word


def test_documented_element_ids_are_the_frameworks() -> None:
    text = page("input-format.md")
    section = text.split("## Element ids", 1)[1].split("##", 1)[0]
    ids = re.findall(r"`([a-z_]+)`", section)
    assert ids == [e["id"] for e in framework_data()["elements"]]


def test_documented_exit_codes_are_the_errors() -> None:
    text = " ".join(page("api.md").split())
    documented = dict(re.findall(r"`(\w+Error)` \((\d)\)", text))
    assert documented, "api.md lists no error classes"
    for name, code in documented.items():
        assert getattr(errors, name).exit_code == int(code), name
    help_text = " ".join(page("cli.md").split())
    for code in errors.EXIT_CODES:
        assert re.search(rf"\b{code}\b", help_text), code


def test_every_command_in_the_docs_exists() -> None:
    commands = set(cli.commands)  # type: ignore[attr-defined]
    for name in ("../README.md", *sorted(p.name for p in DOCS.glob("*.md"))):
        for block in code_blocks((DOCS / name).read_text(encoding="utf-8"), "bash"):
            for command in re.findall(r"^\s*culturekit ([a-z][a-z-]*)", block, flags=re.M):
                assert command in commands, (name, command)


# --------------------------------------------------------------------------- JSON


def test_json_schema_page_lists_every_top_level_key(northwick_diagnosis) -> None:
    text = page("json-schema.md")
    section = text.split("## diagnosis.json", 1)[1].split("\n## ", 1)[0]
    documented = set()
    for cell in re.findall(r"^\| ([^|]+) \|", section, flags=re.M):
        documented |= set(re.findall(r"`(\w+)`", cell))
    keys = set(json.loads(northwick_diagnosis.to_json()))
    assert keys == documented


def _walk(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        found.append((path, node))
        for key, value in node.items():
            found += _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _walk(value, f"{path}[{index}]")
    return found


def test_suppressed_figures_are_null_never_zero(northwick_diagnosis) -> None:
    """json-schema.md: a figure that may not be shown is null with suppressed: true."""
    text = northwick_diagnosis.to_json()
    assert "NaN" not in text and "Infinity" not in text
    suppressed = [(p, d) for p, d in _walk(json.loads(text)) if d.get("suppressed") is True]
    assert suppressed
    for path, node in suppressed:
        assert node.get("reason"), path
        for key in ("score", "n", "difference", "ci_low", "ci_high", "percent_positive"):
            assert node.get(key) is None, (path, key)
        if ".breakdowns" in path:
            for key in ("n", "scores", "differences"):
                assert key not in node, (path, key)


def test_diagnosis_json_matches_its_published_schema(northwick_diagnosis) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    path = DOCS / "schema" / "diagnosis.schema.json"
    if not path.exists():
        pytest.skip("docs/schema/diagnosis.schema.json is not written yet")
    schema = json.loads(path.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [e.message for e in validator.iter_errors(json.loads(northwick_diagnosis.to_json()))]
    assert errors == []


# --------------------------------------------------------------------------- API page


def test_api_page_example_runs(tmp_path: Path, northwick_pre_path: Path, monkeypatch) -> None:
    blocks = code_blocks(page("api.md"), "python")
    assert blocks
    example = blocks[0]
    assert "culturekit.load(" in example and "culturekit.diagnose(" in example
    monkeypatch.chdir(tmp_path)
    (tmp_path / "trust.xlsx").write_bytes(northwick_pre_path.read_bytes())
    namespace: dict[str, Any] = {}
    exec(compile(example, "docs/api.md", "exec"), namespace)  # the page's own code
    diagnosis = namespace["diagnosis"]
    assert isinstance(diagnosis, culturekit.Diagnosis)
    assert isinstance(namespace["html"], str) and "<html" in namespace["html"]
    written = {Path(p).name for p in namespace["paths"].values()}
    assert {"report.html", "diagnosis.json"} <= written
    for name in written:
        assert (tmp_path / "out" / name).exists()
