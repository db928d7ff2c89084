"""Result models of the collaborative summary: the content of ``network.json``."""

from __future__ import annotations

from pydantic import Field

from culturekit._version import __version__
from culturekit.results.base import SCHEMA_VERSION, Document, Model

__all__ = [
    "ElementSource",
    "Movement",
    "NetworkElement",
    "NetworkSummary",
    "TrustEntry",
    "TrustScore",
]


class TrustEntry(Model):
    label: str
    name: str
    code: str
    period: str
    respondents: dict[str, int] = Field(default_factory=dict)


class TrustScore(Model):
    label: str
    score: float | None = None
    difference: float | None = None
    suppressed: bool = False
    reason: str | None = None
    reading: str | None = None


class ElementSource(Model):
    source: str
    network_average: float | None = None
    trusts_scored: int = 0
    trusts: list[TrustScore] = Field(default_factory=list)


class NetworkElement(Model):
    id: str
    name: str
    sources: list[ElementSource]
    priority_in: list[str] = Field(default_factory=list)
    strength_in: list[str] = Field(default_factory=list)


class Movement(Model):
    label: str
    pre_period: str
    post_period: str
    improved: list[str] = Field(default_factory=list)
    worsened: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)


class NetworkSummary(Document):
    """The content of ``network.json``."""

    schema_version: str = SCHEMA_VERSION
    culturekit_version: str = __version__
    anonymised: bool
    reporting_threshold: int
    trusts: list[TrustEntry]
    elements: list[NetworkElement]
    shared_priorities: list[str]
    shared_strengths: list[str]
    movements: list[Movement] = Field(default_factory=list)
