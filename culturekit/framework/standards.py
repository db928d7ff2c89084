"""The WRES and WDES indicator definitions, read from ``standards.yaml`` beside the framework."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "STANDARDS_PATH",
    "BoardDefinition",
    "IndicatorDefinition",
    "RatioDefinition",
    "RepresentationDefinition",
    "Standard",
    "StandardsFile",
    "standards",
]

STANDARDS_PATH = Path(__file__).with_name("standards.yaml")


class _Definition(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    standard: Literal["WRES", "WDES"]
    number: int
    title: str
    definition: str


class RepresentationDefinition(_Definition):
    """Indicator 1: the share of the group in each band against the whole workforce."""

    kind: Literal["representation"]


class RatioDefinition(_Definition):
    """A relative likelihood ``rate(a) / rate(b)`` of an outcome between two groups."""

    kind: Literal["ratio"]
    sheet: Literal["Workforce", "Recruitment"]
    column: str
    a: str
    b: str
    undeclared: str
    a_label: str
    b_label: str
    people: str
    """Who the groups are ("applicants", "staff"), in readings and suppression reasons."""
    verb: str
    done: str
    outcome: str
    """The outcome in a few words, for the equity signal's evidence."""


class BoardDefinition(_Definition):
    """The board's share of the group minus the workforce's, in percentage points."""

    kind: Literal["board"]
    members: Literal["voting", "voting_and_executive"]
    who: str


IndicatorDefinition = Annotated[
    RepresentationDefinition | RatioDefinition | BoardDefinition, Field(discriminator="kind")
]


class Standard(BaseModel):
    """One standard: the characteristic it is about and its indicators, in order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    characteristic: Literal["ethnicity_group", "disability"]
    indicators: list[IndicatorDefinition]


class StandardsFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    wres: Standard
    wdes: Standard


@cache
def standards(path: Path = STANDARDS_PATH) -> StandardsFile:
    """The packaged definitions (read once)."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    # Each definition carries its standard's name, so one definition is enough to word it.
    for name in ("wres", "wdes"):
        for indicator in data.get(name, {}).get("indicators", []):
            indicator.setdefault("standard", name.upper())
    return StandardsFile.model_validate(data)
