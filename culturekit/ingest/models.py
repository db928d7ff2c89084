"""Validated input: what the scorers receive."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from culturekit.framework.model import Framework, Source
from culturekit.ingest.sheet import recorded_file_name


class TrustInfo(BaseModel):
    """The Trust sheet."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1)
    code: str = Field(pattern=r"^[A-Z0-9]{3,5}$")
    period: str = Field(min_length=1)
    collected_on: dt.date | None = None
    trust_type: str | None = None
    staff_headcount: int | None = Field(default=None, gt=0)
    programme_start: dt.date | None = None
    """When the programme started: the dashboard series are rebased there."""

    @field_validator("code", mode="before")
    @classmethod
    def _normalise_code(cls, value: object) -> object:
        # ODS codes are upper case; people type them as they please ("rxn", " RXn ").
        return value.strip().upper() if isinstance(value, str) else value


class InputFile(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: str
    sha256: str

    @field_validator("path")
    @classmethod
    def _unicode(cls, value: str) -> str:
        return recorded_file_name(value)


@dataclass
class SurveyData:
    """One perception source's responses, validated.

    ``codes`` holds the answer code (1-5 on the default scale) per item column in
    questionnaire order, NaN where not answered; ``not_applicable`` marks the answers that
    were "Don't know" or "N/A" (also NaN in ``codes``, but counted apart).
    """

    source: Source
    codes: pd.DataFrame
    not_applicable: pd.DataFrame
    groups: pd.DataFrame
    group_names: dict[str, str]
    comments: pd.Series | None
    rows: np.ndarray
    file: str
    sheet: str
    missing_items: list[str] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        """Sheet rows read: not a number of people (see :attr:`respondents`)."""
        return len(self.codes)

    @property
    def answered_any(self) -> np.ndarray:
        """Per row, whether it holds at least one answer on the scale.

        A row without one (a board list pre-filled with member ids and roles) is no one's
        response: it is not a respondent and its comment is never shown.
        """
        return self.codes.notna().any(axis=1).to_numpy(dtype=bool)

    @property
    def respondents(self) -> int:
        """People who gave at least one answer on the scale."""
        return int(self.answered_any.sum())


class TrustData(BaseModel):
    """A trust's Discover data for one period, validated against a framework."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    trust: TrustInfo
    framework: Framework
    surveys: dict[str, SurveyData] = Field(default_factory=dict)
    # WorkforceData, RecruitmentData and DashboardData (culturekit.ingest.workforce/dashboard)
    workforce: Any | None = None
    recruitment: Any | None = None
    dashboard: Any | None = None
    # DashboardSeries (culturekit.ingest.dashboard_series): the indicators' monthly values.
    dashboard_series: Any | None = None
    # WeightsData (culturekit.ingest.weights): the staff survey's occupation-group weights
    weights: Any | None = None
    inputs: list[InputFile] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)
    # True when the data hold no staff answers and a partial diagnosis was asked for
    # (``culturekit.load(..., partial=True)``); a diagnosis of them says so first.
    partial: bool = False

    def survey(self, source: Source) -> SurveyData | None:
        return self.surveys.get(source)

    @property
    def sources_present(self) -> list[str]:
        """The Discover sources this collection holds, in a fixed order."""
        present = [s for s in ("staff", "board", "stakeholders") if s in self.surveys]
        if self.dashboard is not None:
            present.append("dashboard")
        if self.workforce is not None:
            present.append("workforce")
        return present
