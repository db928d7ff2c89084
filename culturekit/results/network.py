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
    """One trust's staff elements by the verdict of their compared change."""

    label: str
    pre_period: str
    post_period: str
    improved: list[str] = Field(default_factory=list)
    worsened: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(
        default_factory=list, description="Elements whose verdict is no clear change."
    )
    too_few_to_tell: list[str] = Field(default_factory=list)


class NetworkSummary(Document):
    """The content of ``network.json``."""

    schema_version: str = Field(
        SCHEMA_VERSION, description="Version of this document's schema (see docs/json-schema.md)."
    )
    culturekit_version: str = Field(
        __version__, description="Version of culturekit that wrote the document."
    )
    anonymised: bool = Field(description="Whether trusts are labelled instead of named.")
    reporting_threshold: int = Field(description="The highest of the trusts' reporting thresholds.")
    trusts: list[TrustEntry] = Field(description="Each trust summarised, with its label.")
    elements: list[NetworkElement] = Field(
        description="Each element, source by source, trust by trust against the network average."
    )
    shared_priorities: list[str] = Field(
        description="Elements read as priorities in at least half of the trusts."
    )
    shared_strengths: list[str] = Field(
        description="Elements read as strengths in at least half of the trusts."
    )
    movements: list[Movement] = Field(
        default_factory=list, description="What improved or worsened in each compared pair."
    )
