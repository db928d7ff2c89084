"""Validated model of a framework file."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from culturekit.framework.defaults import with_default_rules
from culturekit.framework.drivers import Drivers, unknown_scores
from culturekit.names import normalise_label, normalise_name

Source = Literal["staff", "board", "stakeholders"]
SOURCES: tuple[Source, ...] = ("staff", "board", "stakeholders")
# The one home of every source's display name, in the order reports list them: the
# presentation layer reads it, and so do the comparison's notices.
SOURCE_NAMES: dict[str, str] = {
    "staff": "Staff",
    "board": "Board",
    "stakeholders": "Stakeholders",
    "dashboard": "Existing data",
    "workforce": "Workforce",
}


_ColumnName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScalePoint(_Strict):
    code: int
    label: str
    score: float = Field(ge=0, le=10)


class ExcludedAnswer(_Strict):
    """A box the questionnaire prints that is not scored ("Don't know", "Not applicable"):
    its code and its label both read as not answered, counted apart."""

    code: int
    label: str


class Scale(_Strict):
    points: list[ScalePoint] = Field(min_length=2)
    positive: list[int]
    negative: list[int]
    not_answered: list[str] = Field(default_factory=list)
    excluded: list[ExcludedAnswer] = Field(default_factory=list)

    @model_validator(mode="after")
    def _codes_known(self) -> Scale:
        codes = [p.code for p in self.points]
        if len(set(codes)) != len(codes):
            raise ValueError("scale codes must be unique")
        if codes != sorted(codes):
            raise ValueError("scale points must be listed from the lowest code to the highest")
        unknown = (set(self.positive) | set(self.negative)) - set(codes)
        if unknown:
            raise ValueError(f"positive/negative name codes not on the scale: {sorted(unknown)}")
        if set(self.positive) & set(self.negative):
            raise ValueError("a code cannot be both positive and negative")
        clash = {e.code for e in self.excluded} & set(codes)
        if clash:
            raise ValueError(f"excluded answers reuse codes of scored answers: {sorted(clash)}")
        return self

    @property
    def codes(self) -> list[int]:
        return [p.code for p in self.points]

    @property
    def min_code(self) -> int:
        return self.points[0].code

    @property
    def max_code(self) -> int:
        return self.points[-1].code

    def label_lookup(self) -> dict[str, int]:
        """Answer label (normalised) to code."""
        return {normalise_label(p.label): p.code for p in self.points}

    def not_answered_lookup(self) -> frozenset[str]:
        return frozenset(
            [normalise_label(v) for v in self.not_answered]
            + [normalise_label(e.label) for e in self.excluded]
        )

    @property
    def excluded_codes(self) -> frozenset[int]:
        return frozenset(e.code for e in self.excluded)

    def score_of(self, code: int, reverse: bool = False) -> float:
        """The 0-10 score of an answer; a reversed (negatively framed) item's is 10 minus it,
        so that on a symmetric scale reversing the score and reversing the code agree."""
        score = next(p.score for p in self.points if p.code == code)
        return 10.0 - score if reverse else score

    def side_of(self, code: int, reverse: bool = False) -> str:
        """Whether an answer counts as favourable once the item is oriented."""
        positive, negative = (
            (self.negative, self.positive) if reverse else (self.positive, self.negative)
        )
        return "positive" if code in positive else "negative" if code in negative else "neutral"

    def reverse(self, code: int) -> int:
        """The code a negatively worded item's answer counts as."""
        return self.min_code + self.max_code - code


# What an element stands for in the methods, so that code finds it by role, never by id.
# workforce_equity: the element the workforce (WRES/WDES) evidence speaks to.
Role = Literal["workforce_equity"]


_Question = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Element(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    description: str = ""
    roles: list[Role] = Field(default_factory=list)
    # What a board might explore next when the element reads as a priority: framework
    # data, so a trust's own framework words its own (none is fine).
    questions: list[_Question] = Field(default_factory=list)


class AskedIf(_Strict):
    """Routing: the item is asked only of respondents whose answer to ``item`` is one of
    ``answers`` (codes); anyone else's answer is routed out, read as not answered."""

    item: str
    answers: list[int] = Field(min_length=1)


class Item(_Strict):
    code: str = Field(min_length=1)
    # The element the item speaks to; None: the item is read (and may count in a theme's
    # sub-scores) but scores no element.
    element: str | None
    text: str
    reverse: bool = False
    # The answer set (a key of the framework's ``answer_sets``); None: the framework's scale.
    answers: str | None = None
    asked_if: AskedIf | None = None

    @property
    def key(self) -> str:
        """The normalised column name this item is read from."""
        return normalise_name(self.code)


class SubScore(_Strict):
    """A score from a set of items: each respondent's mean of the items they answered."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    items: list[str] = Field(min_length=1)
    # The fewest items a respondent must answer to be scored; None: ``min_share_answered``
    # of the items.
    min_answered: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _feasible(self) -> SubScore:
        if self.min_answered is not None and self.min_answered > len(self.items):
            raise ValueError(
                f"sub-score {self.id}: min_answered {self.min_answered} is more than its "
                f"{len(self.items)} items"
            )
        if len({normalise_name(i) for i in self.items}) != len(self.items):
            raise ValueError(f"sub-score {self.id} names an item twice")
        return self


class Theme(_Strict):
    """A reported theme (an element of a national survey's framework): its sub-scores."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    # The heading the theme is reported under, in the order first named.
    group: str
    subscores: list[SubScore] = Field(min_length=1)


# How a theme's score is made from its sub-scores: the mean of the sub-scores' own
# (organisation) scores, or the mean over respondents of each one's mean sub-score.
ThemeScore = Literal["subscore_means", "respondent_means"]


class ComparedGroup(_Strict):
    """One group a survey-based standard compares: a value of its grouping column."""

    label: str
    value: str


class SurveyMeasure(_Strict):
    """One survey-based WRES or WDES measure.

    A percentage: of the respondents who answered at least one of ``items``, the share
    who gave one of ``counts`` (box numbers, on each item's own answer set) to any of
    them. Or, with ``theme``, that theme's score. ``groups`` limits it to some of the
    standard's groups (WDES 8 is asked of Disabled staff only).
    """

    number: str
    title: str
    definition: str
    items: list[str] = Field(default_factory=list)
    counts: list[int] = Field(default_factory=list)
    theme: str | None = None
    # Which way is better, for the reading: a higher share (or score), or a lower one.
    better: Literal["higher", "lower"]
    groups: list[str] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> SurveyMeasure:
        if (self.theme is None) == (not self.items):
            raise ValueError(f"measure {self.number}: give either items (with counts) or a theme")
        if self.items and not self.counts:
            raise ValueError(f"measure {self.number}: name the answers it counts (counts)")
        return self

    @property
    def unit(self) -> Literal["percent", "score"]:
        return "score" if self.theme is not None else "percent"


class Weighting(_Strict):
    """Scores weighted by a grouping column, when a Weights sheet is given (unweighted
    otherwise): the column and the cap on every weight."""

    column: str
    cap: float = Field(gt=1)

    @property
    def key(self) -> str:
        return normalise_name(self.column)


class SurveyStandard(_Strict):
    """A standard's survey-based measures (WRES 5-8, WDES 4-9), compared between the
    groups of one grouping column of the staff survey."""

    standard: Literal["WRES", "WDES"]
    column: str
    groups: list[ComparedGroup] = Field(min_length=2)
    measures: list[SurveyMeasure] = Field(min_length=1)

    @property
    def key(self) -> str:
        return normalise_name(self.column)


class Instrument(_Strict):
    name: str
    sheet: str
    items: list[Item] = Field(min_length=1)


class Rules(_Strict):
    """Every cut-off, band and warning of the methods (docs/methods.md).

    No rule has a default here: ``default.yaml`` states them all, and a framework file
    that leaves a rule out gets the default file's value (:mod:`culturekit.framework.defaults`).
    """

    alpha_warning: float
    gap_flag: float = Field(ge=0)
    gap_correction: Literal["holm", "fdr_bh"]
    """How the perception gap tests (every element and source) are adjusted together."""
    strength_score: float = Field(ge=0, le=10)
    priority_score: float = Field(ge=0, le=10)
    dashboard_similar_within: float = Field(ge=0)
    dashboard_similar_range: float = Field(ge=0, le=0.5)
    """Share of the distance from worst to best that an indicator may lie from its
    benchmark and be similar, where the quartiles are not given."""
    leadership_bands: list[str]
    likelihood_fair_range: tuple[float, float]
    min_group_for_ratio: int = Field(ge=1)
    succession_age_bands: list[str]
    notable_difference: float = Field(ge=0)
    direction_band: float = Field(ge=0)
    low_response_rate: float = Field(ge=0, le=1)
    change_alpha: float = Field(gt=0, lt=1)
    meaningful_change: float = Field(gt=0, le=10)
    """Points (0-10): the change compare must be able to find before it calls a change
    that is neither better nor worse "no clear change" rather than "too few to tell"."""
    change_power: float = Field(gt=0, lt=1)
    """The power at which the minimum detectable change is worked out."""
    figure_change_within: float = Field(ge=0, lt=1)
    """A share of a figure's value: existing-data and workforce moves smaller than it are
    no clear change."""
    representation_floor: float = Field(ge=0)
    workforce_threshold: int | None = Field(ge=2)
    """None: the reporting threshold (:meth:`Framework.workforce_threshold`)."""
    headline_gap_share: float = Field(ge=0, lt=1)
    """A source's flagged gaps in one direction on more than this share of the elements
    make the summary's headline (docs/methods.md, "The summary")."""
    disclosure_tolerance: float = Field(gt=0, le=10)
    """How closely (points on the 0-10 scale) a hidden group's mean may be narrowed down
    from everything published before the linked-table audit hides more."""
    spc_limit: float = Field(gt=0)
    """XmR charts: process limits at the mean plus and minus this many mean moving ranges."""
    spc_moving_range_screen: float | None = Field(gt=0)
    """Moving ranges at least this many mean moving ranges are left out of the limits;
    None keeps every moving range."""
    spc_near_limit_thirds: int = Field(ge=1, le=2)
    """A point more than this many thirds of the way from the mean to a limit is near it."""
    spc_near_count: int = Field(ge=1)
    spc_near_window: int = Field(ge=1)
    """spc_near_count points near a limit among spc_near_window in a row, all on one side."""
    spc_run: int = Field(ge=2)
    """Points in a row on one side of the mean (a point on the mean breaks the run)."""
    spc_trend: int = Field(ge=3)
    """Points in a row each higher (or each lower) than the last (a tie breaks it)."""
    spc_trial_below: int = Field(ge=2)
    """A period of a chart with fewer points than this has trial limits."""
    spc_fix_after: int | None = Field(ge=2)
    """Limits from the first this many points of each period; None: from all of them."""

    @model_validator(mode="after")
    def _ordered(self) -> Rules:
        if self.priority_score > self.strength_score:
            raise ValueError("priority_score must not be above strength_score")
        if self.spc_near_count > self.spc_near_window:
            raise ValueError("spc_near_count must not be above spc_near_window")
        low, high = self.likelihood_fair_range
        if not 0 < low <= 1 <= high:
            raise ValueError("likelihood_fair_range must be [low, high] with low <= 1 <= high")
        return self


class Framework(_Strict):
    id: str
    version: str
    name: str
    reporting_threshold: int = Field(ge=2)
    comment_threshold: int = Field(ge=2)
    min_share_answered: float = Field(gt=0, le=1)
    confidence_level: float = Field(gt=0.5, lt=1)
    # Columns to break scores down by beyond those the input format names; free text is
    # refused whatever is declared (culturekit.ingest.groupings).
    groupings: list[_ColumnName] = Field(default_factory=list)
    scale: Scale
    # Further answer sets items may name (``Item.answers``); the scale is the default.
    answer_sets: dict[str, Scale] = Field(default_factory=dict)
    elements: list[Element] = Field(min_length=1)
    instruments: dict[Source, Instrument]
    # Themes scored from the staff instrument's items, reported before the elements.
    themes: list[Theme] = Field(default_factory=list)
    theme_score: ThemeScore | None = None
    # The survey-based WRES and WDES measures, computed from the staff survey.
    survey_standards: list[SurveyStandard] = Field(default_factory=list)
    # How the themes' scores may be weighted (a Weights sheet turns it on); None: never.
    weighting: Weighting | None = None
    rules: Rules
    # What drives an outcome (culturekit.framework.drivers); no outcome: not run.
    drivers: Drivers

    @model_validator(mode="before")
    @classmethod
    def _default_rules(cls, data: Any) -> Any:
        return with_default_rules(data) if isinstance(data, dict) else data

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        problems: list[str] = []
        ids = [e.id for e in self.elements]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            problems.append(f"duplicate element ids: {', '.join(dupes)}")
        known = set(ids)
        for role in sorted({r for e in self.elements for r in e.roles}):
            holders = [e.id for e in self.elements if role in e.roles]
            if len(holders) > 1:
                problems.append(
                    f"role {role} is given to more than one element: {', '.join(holders)}"
                )
        seen: dict[str, str] = {}
        for source, instrument in self.instruments.items():
            for item in instrument.items:
                if item.answers is not None and item.answers not in self.answer_sets:
                    problems.append(
                        f"item {item.code} ({source}) names unknown answer set {item.answers!r}"
                    )
                if item.element is not None and item.element not in known:
                    problems.append(
                        f"item {item.code} ({source}) names unknown element {item.element!r}; "
                        f"known elements: {', '.join(ids)}"
                    )
                if item.key in seen:
                    where = (
                        f"twice in the {source} instrument"
                        if seen[item.key] == source
                        else f"twice, in the {seen[item.key]} and {source} instruments"
                    )
                    problems.append(f"item code {item.code} is used {where}")
                seen[item.key] = source
        if not self.instruments:
            problems.append("at least one instrument (staff, board, stakeholders) is needed")
        problems.extend(self._routing_problems())
        problems.extend(self._theme_problems())
        problems.extend(self._standard_problems())
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @model_validator(mode="after")
    def _drivers_known(self) -> Framework:
        # The scores a driver analysis may name are the elements, by id.
        unknown = unknown_scores(self.drivers, [e.id for e in self.elements])
        if unknown:
            raise ValueError(
                f"drivers names unknown scores: {', '.join(unknown)}; "
                f"known: {', '.join(e.id for e in self.elements)}"
            )
        if self.drivers.outcome is not None and (
            self.drivers.min_respondents < self.reporting_threshold
        ):
            raise ValueError("drivers.min_respondents must not be below reporting_threshold")
        return self

    def _routing_problems(self) -> list[str]:
        problems = []
        for source, instrument in self.instruments.items():
            codes = {i.key: i for i in instrument.items}
            for item in instrument.items:
                if item.asked_if is None:
                    continue
                filter_item = codes.get(normalise_name(item.asked_if.item))
                if filter_item is None:
                    problems.append(
                        f"item {item.code} ({source}) is asked if {item.asked_if.item!r}, "
                        "which is not an item of the instrument"
                    )
                    continue
                unknown = set(item.asked_if.answers) - set(self.scale_of(filter_item).codes)
                if unknown:
                    problems.append(
                        f"item {item.code} ({source}) is asked on answers {sorted(unknown)} "
                        f"that {filter_item.code} does not have"
                    )
        return problems

    def _theme_problems(self) -> list[str]:
        if not self.themes:
            return []
        problems = []
        if self.theme_score is None:
            problems.append("theme_score must be stated when the framework has themes")
        staff = {i.key for i in self.items_of("staff")}
        ids = [t.id for t in self.themes] + [s.id for t in self.themes for s in t.subscores]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            problems.append(f"duplicate theme or sub-score ids: {', '.join(dupes)}")
        for theme in self.themes:
            for sub in theme.subscores:
                unknown = [c for c in sub.items if normalise_name(c) not in staff]
                if unknown:
                    problems.append(
                        f"sub-score {sub.id} names items not in the staff instrument: "
                        f"{', '.join(unknown)}"
                    )
        return problems

    def _standard_problems(self) -> list[str]:
        problems = []
        staff = {i.key: i for i in self.items_of("staff")}
        themes = {t.id for t in self.themes}
        for standard in self.survey_standards:
            labels = [g.label for g in standard.groups]
            for measure in standard.measures:
                where = f"{standard.standard} {measure.number}"
                if measure.theme is not None and measure.theme not in themes:
                    problems.append(f"{where} names unknown theme {measure.theme!r}")
                for code in measure.items:
                    item = staff.get(normalise_name(code))
                    if item is None:
                        problems.append(f"{where} names {code!r}, not a staff item")
                        continue
                    unknown = set(measure.counts) - set(self.scale_of(item).codes)
                    if unknown:
                        problems.append(f"{where} counts answers {sorted(unknown)} {code} lacks")
                unknown_groups = set(measure.groups or ()) - set(labels)
                if unknown_groups:
                    problems.append(f"{where} names unknown groups {sorted(unknown_groups)}")
        return problems

    def scale_of(self, item: Item) -> Scale:
        """The answer set an item is answered on."""
        return self.scale if item.answers is None else self.answer_sets[item.answers]

    def item(self, source: Source, code: str) -> Item:
        """The instrument's item of ``code`` (matched as column names are)."""
        key = normalise_name(code)
        return next(i for i in self.items_of(source) if i.key == key)

    def theme_groups(self) -> list[str]:
        """The headings themes are reported under, in the framework's order."""
        return list(dict.fromkeys(t.group for t in self.themes))

    def workforce_threshold(self) -> int:
        """The threshold of every workforce figure but board composition (WRES 9, WDES 10)."""
        own = self.rules.workforce_threshold
        return self.reporting_threshold if own is None else own

    def element(self, element_id: str) -> Element:
        for element in self.elements:
            if element.id == element_id:
                return element
        raise KeyError(element_id)

    def element_with_role(self, role: Role) -> Element | None:
        """The element that plays ``role``, or None when the framework gives it to none."""
        return next((e for e in self.elements if role in e.roles), None)

    def element_lookup(self) -> dict[str, str]:
        """Element id or name (normalised) to element id."""
        lookup: dict[str, str] = {}
        for element in self.elements:
            lookup[normalise_name(element.id)] = element.id
            lookup[normalise_name(element.name)] = element.id
            lookup[normalise_name(element.name.replace(" and ", " & "))] = element.id
        return lookup

    def items_of(self, source: Source, element_id: str | None = None) -> list[Item]:
        instrument = self.instruments.get(source)
        if instrument is None:
            return []
        return [i for i in instrument.items if element_id is None or i.element == element_id]
