"""The input contract's fixed vocabularies, shared by the reader and the blank template.

Kept free of heavy imports: the template writer uses it without loading pandas.
"""

from __future__ import annotations

DATA_SHEETS: tuple[str, ...] = (
    "Trust",
    "Workforce",
    "Recruitment",
    "Dashboard",
    "Dashboard series",
    "Weights",
)
"""The sheets beside the perception sheets, whose names the framework's instruments give."""

HELP_SHEETS: tuple[str, ...] = ("Instructions", "Items", "Answers", "README")
"""Sheets a blank template or a report carries that hold no data: never read."""

REQUIRED_SOURCE = "staff"
"""The perception source a diagnosis rests on: every other source is set against it.
Without its answers a diagnosis is partial, and is made only when asked for."""

TRUST_TYPES: tuple[str, ...] = (
    "acute",
    "acute specialist",
    "mental health",
    "community",
    "ambulance",
)

BANDS: tuple[str, ...] = (
    *(f"Band {n}" for n in range(1, 8)),
    "Band 8a",
    "Band 8b",
    "Band 8c",
    "Band 8d",
    "Band 9",
    "VSM",
    "Medical",
    "Other",
)
"""Canonical band labels, in the order every table lists them."""

ETHNICITY_GROUPS: tuple[str, ...] = ("White", "BME", "Not stated")
DISABILITY_VALUES: tuple[str, ...] = ("Yes", "No", "Not declared")

GROUPING_COLUMNS: dict[str, tuple[str, ...]] = {
    "staff": (
        "staff_group",
        "band",
        "directorate",
        "ethnicity",
        "gender",
        "disability",
        "age_band",
        "length_of_service",
    ),
    "board": ("role",),
    "stakeholders": ("stakeholder_type",),
}
"""The grouping columns each perception sheet may hold; any other grouping is declared."""

FLAG_COLUMNS: tuple[str, ...] = (
    "board_member",
    "executive",
    "left_in_period",
    "entered_disciplinary",
    "entered_capability",
    "accessed_training",
)
"""Workforce columns holding Y/N."""

WORKFORCE_COLUMNS: tuple[str, ...] = (
    "band",
    "staff_group",
    "ethnicity",
    "gender",
    "disability",
    "age_band",
    *FLAG_COLUMNS,
)
"""The Workforce sheet's columns, as a trust writes them."""

RECRUITMENT_COLUMNS: tuple[str, ...] = ("ethnicity", "disability", "appointed")

DASHBOARD_COLUMNS: tuple[str, ...] = (
    "indicator",
    "element",
    "value",
    "benchmark",
    "best",
    "worst",
    "higher_is_better",
    "unit",
    "source",
    "period",
    "lower_quartile",
    "upper_quartile",
    "target",
)
"""The Dashboard sheet's columns: indicator, element, value and higher_is_better required;
the benchmark group's median (benchmark), best, worst and quartiles optional, the two
quartiles given together (docs/input-format.md, "Existing data"); target optional, for
the assurance icon of the indicator's series."""

DASHBOARD_SERIES_COLUMNS: tuple[str, ...] = ("indicator", "period", "value")
"""The Dashboard series sheet's columns, all required: one row per indicator and period,
the indicator named as on the Dashboard sheet."""
