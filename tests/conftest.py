"""Fixtures for the foundation tests: small workbooks built in tmp_path, the examples,
and the diagnosis of the Northwick baseline example (computed once per session)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from helpers.workbooks import EXAMPLES, TRUST_ROWS, make_workbook
from hypothesis import settings

import culturekit

__all__ = ["make_workbook"]

# In CI, property tests draw the same examples every run, so a result never depends on
# luck; run without CI=true locally to explore new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

WorkbookFactory = Callable[..., Path]


@pytest.fixture
def workbook(tmp_path: Path) -> WorkbookFactory:
    """``workbook(sheets, name=..., hidden=...)`` writes a workbook into tmp_path."""

    def build(sheets: dict[str, Sequence[Sequence[Any]]], **options: Any) -> Path:
        return make_workbook(tmp_path, sheets, **options)

    return build


@pytest.fixture
def trust_rows() -> list[list[Any]]:
    return [list(row) for row in TRUST_ROWS]


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def northwick_pre_path() -> Path:
    path = EXAMPLES / "northwick-pre.xlsx"
    if not path.exists():
        pytest.fail(f"{path} is missing: run python examples/generate.py")
    return path


@pytest.fixture(scope="session")
def northwick_diagnosis(northwick_pre_path: Path) -> culturekit.Diagnosis:
    """``culturekit.diagnose("examples/northwick-pre.xlsx")``, computed once."""
    return culturekit.diagnose(northwick_pre_path)
