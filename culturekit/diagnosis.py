"""One trust's diagnosis: every Discover source scored and brought together."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from culturekit._version import __version__
from culturekit.contract import REQUIRED_SOURCE
from culturekit.errors import ValidationError
from culturekit.framework import Framework
from culturekit.ingest.completeness import missing_required, requires_partial
from culturekit.ingest.models import SurveyData, TrustData
from culturekit.ingest.workbook import load
from culturekit.privacy.linked import SourceProtection
from culturekit.results import (
    Comments,
    DataQuality,
    Diagnosis,
    DriverAnalysis,
    ElementResult,
    FrameworkSummary,
    InputSummary,
    ReliabilityWarning,
    ResponseRate,
    SourcesSummary,
    TrustSummary,
)
from culturekit.scoring.breakdowns import breakdowns, grouping_columns, notable_groups
from culturekit.scoring.comments import source_comments
from culturekit.scoring.dashboard import score_dashboard
from culturekit.scoring.disclosure import disclosure_audit, protect_survey, survey_source
from culturekit.scoring.drivers import driver_analysis
from culturekit.scoring.equality import score_standards
from culturekit.scoring.gaps import perception_gaps
from culturekit.scoring.group_figures import group_figures
from culturekit.scoring.perceptions import (
    ScoredSurvey,
    element_source_score,
    item_results,
    score_respondents,
    source_quality,
)
from culturekit.scoring.summary import summarise
from culturekit.scoring.themes import score_themes
from culturekit.scoring.triangulation import ranked, triangulate
from culturekit.scoring.weighting import respondent_weights
from culturekit.scoring.workforce import audited_workforce

ALL_SOURCES = ("staff", "board", "stakeholders", "dashboard", "workforce")


def diagnose(
    data: TrustData | str | Path,
    *,
    framework: Framework | str | Path | None = None,
    include_comments: bool = False,
    group_by: Sequence[str] | None = None,
    partial: bool = False,
) -> Diagnosis:
    """Score a trust's Discover data against the framework's elements.

    ``data`` is loaded data (:func:`culturekit.load`) or a workbook path; ``framework``
    and ``group_by`` (columns to break down by, see :func:`culturekit.load`) are used to
    load a path. Free-text comments are left out unless ``include_comments`` is set, and
    even then are shown only for sources where at least the framework's comment
    threshold of respondents wrote one.

    Data without staff answers are refused (:class:`~culturekit.errors.ValidationError`)
    unless ``partial`` asks for a partial diagnosis, or the data were loaded with it; the
    diagnosis then records that it is partial (``sources.partial``) and its reports say
    so first.
    """
    if not isinstance(data, TrustData):
        data = load(data, framework=framework, group_by=group_by, partial=partial)
    elif group_by:
        raise ValueError("group_by applies when loading a path; pass it to culturekit.load")
    elif requires_partial(data.surveys, partial or data.partial):
        raise ValidationError([missing_required(data.framework)])
    fw = data.framework
    scored = {s: score_respondents(survey, fw) for s, survey in data.surveys.items()}
    skipped: list[str] = []
    columns = {
        s: grouping_columns(v, scored[s], skipped, fw.reporting_threshold)
        for s, v in data.surveys.items()
    }
    figures = {s: group_figures(v, scored[s], fw) for s, v in data.surveys.items()}
    # Every figure of a source published below comes through its protection.
    protections = {
        s: protect_survey(survey_source(v, scored[s], fw, columns[s], figures=figures[s]), fw)
        for s, v in data.surveys.items()
    }
    elements = [_element(data, scored, protections, element.id) for element in fw.elements]
    quality = _quality(data, scored, elements).model_copy(
        update={
            "skipped_breakdowns": skipped,
            "disclosure": [disclosure_audit(p, fw) for p in protections.values()],
        }
    )
    all_breakdowns = []
    for source, survey in data.surveys.items():
        all_breakdowns.extend(
            breakdowns(survey, scored[source], fw, columns[source], protections[source])
        )
    elements = [
        e.model_copy(update={"notable_groups": notable_groups(all_breakdowns, e.id, fw)})
        for e in elements
    ]
    present = data.sources_present
    staff = data.surveys.get("staff")
    weights = None if staff is None else respondent_weights(staff, fw, data.weights)
    themes = (
        score_themes(
            staff,
            scored["staff"],
            fw,
            protections["staff"],
            weights,
            "unweighted" if data.weights is None else data.weights.kind,
        )
        if staff is not None
        else None
    )
    equality = (
        score_standards(
            staff,
            scored["staff"],
            fw,
            figures["staff"],
            protections["staff"],
            columns["staff"],
            themes,
        )
        if staff is not None
        else None
    )
    diagnosis = Diagnosis(
        culturekit_version=__version__,
        trust=TrustSummary(**data.trust.model_dump()),
        framework=framework_summary(fw),
        inputs=[InputSummary(path=i.path, sha256=i.sha256) for i in data.inputs],
        sources=SourcesSummary(
            present=present,
            missing=[s for s in ALL_SOURCES if s not in present],
            partial=REQUIRED_SOURCE not in data.surveys,
        ),
        response=response_rates(data, scored),
        elements=elements,
        themes=themes,
        equality=equality,
        gaps=perception_gaps(scored, fw),
        breakdowns=all_breakdowns,
        data_quality=quality,
        comments=_comments(data.surveys, fw.comment_threshold) if include_comments else [],
        drivers=_drivers(scored, elements, fw),
    )
    return _with_other_sources(diagnosis, data)


def _drivers(
    scored: dict[str, ScoredSurvey], elements: list[ElementResult], fw: Framework
) -> DriverAnalysis | None:
    """The driver analysis on staff's element scores, charted against the published ones."""
    staff = scored.get(REQUIRED_SOURCE)
    return driver_analysis(
        staff.element_scores if staff is not None else None,
        {
            e.id: e.sources[REQUIRED_SOURCE].score if REQUIRED_SOURCE in e.sources else None
            for e in elements
        },
        {e.id: e.name for e in elements},
        fw,
    )


def _element(
    data: TrustData,
    scored: dict[str, ScoredSurvey],
    protections: dict[str, SourceProtection],
    element_id: str,
) -> ElementResult:
    fw = data.framework
    element = fw.element(element_id)
    sources = {}
    items = {}
    for source, survey in data.surveys.items():
        if not scored[source].items.get(element_id):
            continue
        shown = protections[source]
        sources[source] = element_source_score(survey, scored[source], element_id, fw, shown)
        items[source] = item_results(survey, scored[source], element_id, fw, shown)
    return ElementResult(
        id=element.id,
        name=element.name,
        description=element.description,
        questions=list(element.questions),
        sources=sources,
        items=items,
    )


def _quality(
    data: TrustData, scored: dict[str, ScoredSurvey], elements: list[ElementResult]
) -> DataQuality:
    fw = data.framework
    warnings = []
    for element in elements:
        for source, score in element.sources.items():
            if score.alpha is None or score.alpha >= fw.rules.alpha_warning:
                continue
            warnings.append(
                ReliabilityWarning(
                    element=element.id,
                    source=source,
                    alpha=score.alpha,
                    case="negative" if score.alpha < 0 else "low",
                    limit=fw.rules.alpha_warning,
                )
            )
    return DataQuality(
        sources=[source_quality(data.surveys[s], scored[s]) for s in data.surveys],
        reliability_warnings=warnings,
        notices=list(data.notices),
    )


def framework_summary(fw: Framework, *, reporting_threshold: int | None = None) -> FrameworkSummary:
    """The framework as a result records it; a comparison passes the threshold it applied."""
    return FrameworkSummary(
        id=fw.id,
        version=fw.version,
        name=fw.name,
        reporting_threshold=fw.reporting_threshold
        if reporting_threshold is None
        else reporting_threshold,
        comment_threshold=fw.comment_threshold,
        min_share_answered=fw.min_share_answered,
        confidence_level=fw.confidence_level,
        rules=fw.rules,
    )


def response_rates(data: TrustData, scored: dict[str, ScoredSurvey]) -> dict[str, ResponseRate]:
    """Respondents (scored on at least one element) per source; a rate for staff only."""
    low_rate = data.framework.rules.low_response_rate
    rates = {}
    for source, result in scored.items():
        respondents = int(result.scored_any.sum())
        headcount = data.trust.staff_headcount if source == "staff" else None
        rate = respondents / headcount if headcount else None
        rates[source] = ResponseRate(
            respondents=respondents,
            headcount=headcount,
            rate=rate,
            low=rate is not None and rate < low_rate,
        )
    return rates


def _comments(surveys: dict[str, SurveyData], threshold: int) -> list[Comments]:
    """Each source's comments, shown only when at least ``threshold`` respondents wrote one.

    Only people who answered at least one item on the scale are counted, and only their
    comments are shown: a row without answers is not a respondent. Counting the people who
    wrote (not everyone who answered, nor the distinct texts) is the stricter reading, so
    no published set of texts comes from fewer than ``threshold`` people.
    """
    out = []
    for source, survey in surveys.items():
        if survey.comments is None:
            continue
        wrote = survey.comments.notna().to_numpy() & survey.answered_any
        texts = [t for t in survey.comments[wrote].tolist() if t]
        out.append(source_comments(source, texts, threshold))
    return out


def _with_other_sources(diagnosis: Diagnosis, data: TrustData) -> Diagnosis:
    """Existing data, the workforce analysis, and every source brought together."""
    fw = data.framework
    dashboard = (
        score_dashboard(data.dashboard, fw, data.dashboard_series, data.trust.programme_start)
        if data.dashboard is not None
        else None
    )
    workforce, audit = (
        audited_workforce(data.workforce, data.recruitment, fw)
        if data.workforce is not None or data.recruitment is not None
        else (None, None)
    )
    readings = triangulate(diagnosis.elements, diagnosis.gaps, fw, dashboard, workforce)
    priorities, strengths = ranked(readings, diagnosis.elements)
    quality = diagnosis.data_quality
    if audit is not None:
        quality = quality.model_copy(update={"disclosure": [*quality.disclosure, audit]})
    if workforce is not None and fw.element_with_role("workforce_equity") is None:
        quality = quality.model_copy(
            update={
                "notices": [
                    *quality.notices,
                    "The workforce analysis is not brought into triangulation: no element of "
                    "the framework has the role workforce_equity.",
                ]
            }
        )
    return diagnosis.model_copy(
        update={
            "data_quality": quality,
            "dashboard": dashboard,
            "workforce": workforce,
            "triangulation": readings,
            "priorities": priorities,
            "strengths": strengths,
            "summary": summarise(diagnosis.gaps, priorities, strengths, fw),
        }
    )
