"""Result models of the collaborative summary: the content of ``network.json``."""

from __future__ import annotations

from pydantic import Field

from culturekit._version import __version__
from culturekit.results.base import SCHEMA_VERSION, Document, Model
from culturekit.results.diagnosis import FrameworkSummary

__all__ = [
    "ElementSource",
    "Movement",
    "NetworkElement",
    "NetworkSummary",
    "TrustEntry",
    "TrustGroup",
    "TrustScore",
    "TypeAverage",
]


class TrustEntry(Model):
    label: str
    name: str
    code: str
    period: str
    trust_type: str | None = Field(
        None, description="The trust's type from its Trust sheet; null when the sheet gives none."
    )
    reports: dict[str, str] = Field(
        default_factory=dict,
        description="The trust's own reports by format (html, pdf, xlsx, json), as paths "
        "relative to the network summary's folder.",
    )
    respondents: dict[str, int] = Field(default_factory=dict)


class TrustGroup(Model):
    """Trusts of one type: the only trusts each of them is averaged and compared with."""

    trust_type: str | None = Field(description="The type; null for trusts that give none.")
    labels: list[str] = Field(description="The trusts of this type, in the summary's order.")


class TrustScore(Model):
    label: str
    score: float | None = None
    difference: float | None = Field(
        None,
        description="Score minus the average of the trusts of the same type; null when no "
        "other trust of the type is scored.",
    )
    suppressed: bool = False
    reason: str | None = None
    reading: str | None = None


class TypeAverage(Model):
    trust_type: str | None = Field(description="The type, as in groups; null for no type given.")
    average: float | None = Field(
        None, description="Unweighted mean of the scores of the type's trusts; null if none."
    )
    trusts_scored: int = Field(0, description="How many of the type's trusts have a score.")


class ElementSource(Model):
    source: str
    averages: list[TypeAverage] = Field(
        default_factory=list, description="One average per trust type, in the order of groups."
    )
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
    framework: FrameworkSummary = Field(
        description="The framework the trusts were diagnosed under (one for all), with the "
        "highest of their reporting thresholds."
    )
    trusts: list[TrustEntry] = Field(description="Each trust summarised, with its label.")
    groups: list[TrustGroup] = Field(
        description="The trusts by type, in the contract's order of types (no type given "
        "last): averages are taken, and trusts compared, only within a type."
    )
    elements: list[NetworkElement] = Field(
        description="Each element, source by source, trust by trust against the average of "
        "the trusts of its type."
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
