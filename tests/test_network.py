"""The network summary at scale: trusts grouped by type, averages within a type only,
links to each trust's report, a short running header, and a chart whose legend and labels
stay inside the figure for 6, 12 and 40 trusts.

Two example trusts go through a real batch once; the many trusts are synthetic copies of
their diagnoses with other names, codes, types and scores (drawn from a seeded generator),
so that 40 trusts cost no more than two diagnoses. Every expected figure is worked out
here, with pandas, from the synthetic diagnoses themselves.
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import quote

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from helpers.workbooks import STAFF_HEADER, TRUST_ROWS, make_workbook, staff_row
from matplotlib.backends.backend_svg import RendererSVG

import culturekit
from culturekit.batch import batch
from culturekit.errors import FrameworkError, ValidationError
from culturekit.network import summarise_network
from culturekit.privacy import anonymise
from culturekit.report.charts.figure import STYLE
from culturekit.report.registry import render

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
# The input contract's types, in the order docs/input-format.md lists them.
CONTRACT_TYPES = ("acute", "acute specialist", "mental health", "community", "ambulance")
BAND = 0.25  # the default framework's direction_band (culturekit/framework/default.yaml)
# Twelve trusts: several types, trusts of no stated type, and types with one trust only.
TYPES_12 = [
    "acute",
    "mental health",
    None,
    "acute",
    "community",
    "mental health",
    "acute",
    "ambulance",
    None,
    "mental health",
    "acute",
    "community",
]


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    """A batch of the two baselines: Northwick (acute) and Elmbridge (mental health)."""
    out = tmp_path_factory.mktemp("batch")
    paths = [EXAMPLES / "northwick-pre.xlsx", EXAMPLES / "elmbridge-pre.xlsx"]
    return batch(paths, out, jobs=1, formats=["html", "json"]), out


@pytest.fixture(scope="module")
def bases(two: tuple[Any, Path]) -> list[culturekit.Diagnosis]:
    return [t.diagnosis for t in two[0].trusts]


def synthetic(
    bases: list[culturekit.Diagnosis], types: list[str | None], seed: int = 12
) -> list[tuple[str, culturekit.Diagnosis]]:
    """One diagnosis per type given: a base diagnosis renamed, retyped and rescored."""
    rng = np.random.default_rng(seed)
    made = []
    for index, kind in enumerate(types, start=1):
        base = bases[index % len(bases)]
        elements = []
        for element in base.elements:
            sources = {}
            for source, score in element.sources.items():
                if score.score is None:
                    sources[source] = score
                elif index == 5 and source == "board":  # one hidden score, never averaged
                    sources[source] = score.model_copy(
                        update={"score": None, "suppressed": True, "reason": "fewer than 11"}
                    )
                else:
                    value = float(np.clip(score.score + rng.normal(0, 0.6), 0, 10))
                    sources[source] = score.model_copy(update={"score": value})
            elements.append(element.model_copy(update={"sources": sources}))
        name = f"Synthetic {index:02d} NHS Foundation Trust"
        trust = base.trust.model_copy(
            update={"name": name, "code": f"R{index:02d}", "trust_type": kind}
        )
        made.append((name, base.model_copy(update={"trust": trust, "elements": elements})))
    return made


def types_of(count: int) -> list[str | None]:
    """``count`` trust types as a network might mix them, some trusts giving none."""
    rng = np.random.default_rng(count)
    kinds: list[str | None] = [*CONTRACT_TYPES, None]
    weights = [0.45, 0.08, 0.2, 0.12, 0.07, 0.08]
    return [kinds[i] for i in rng.choice(len(kinds), size=count, p=weights)]


def frame(diagnoses: list[tuple[str, culturekit.Diagnosis]]) -> pd.DataFrame:
    """Every score of every trust (NaN where hidden), with its type, as one long table."""
    rows = [
        {
            "label": label,
            "type": d.trust.trust_type or "(none)",
            "element": e.id,
            "source": source,
            "score": s.score,
        }
        for label, d in diagnoses
        for e in d.elements
        for source, s in e.sources.items()
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def twelve(bases: list[culturekit.Diagnosis]) -> list[tuple[str, culturekit.Diagnosis]]:
    return synthetic(bases, TYPES_12)


def links_for(diagnoses: list[tuple[str, culturekit.Diagnosis]]) -> dict[str, dict[str, str]]:
    return {
        label: {
            "html": f"../{d.trust.code} trust/report.html",
            "pdf": f"../{d.trust.code} trust/report.pdf",
        }
        for label, d in diagnoses
    }


@pytest.fixture(scope="module")
def summary12(twelve: list[tuple[str, culturekit.Diagnosis]]) -> Any:
    return summarise_network(twelve, reports=links_for(twelve))


# --------------------------------------------------------------------------- averages


@pytest.mark.parametrize("count", [6, 12, 40])
def test_averages_are_taken_within_each_type_only(
    bases: list[culturekit.Diagnosis], count: int
) -> None:
    diagnoses = synthetic(bases, TYPES_12[:count] if count <= 12 else types_of(count))
    summary = summarise_network(diagnoses)
    scores = frame(diagnoses)
    shown = scores.dropna(subset=["score"])
    expected = shown.groupby(["type", "element", "source"])["score"].agg(["mean", "count"])
    kinds = {g.trust_type or "(none)": g for g in summary.groups}
    type_of = dict(zip(scores["label"], scores["type"], strict=False))
    by_trust = scores.set_index(["label", "element", "source"])["score"]
    checked = 0
    for element in summary.elements:
        for source in element.sources:
            assert len(source.averages) == len(summary.groups)
            for average, group in zip(source.averages, summary.groups, strict=True):
                key = (group.trust_type or "(none)", element.id, source.source)
                if key in expected.index:
                    assert average.average == pytest.approx(expected.loc[key, "mean"])
                    assert average.trusts_scored == expected.loc[key, "count"]
                else:
                    assert average.average is None and average.trusts_scored == 0
            for t in source.trusts:
                key = (type_of[t.label], element.id, source.source)
                value = by_trust.loc[(t.label, element.id, source.source)]
                if pd.isna(value) or expected.loc[key, "count"] < 2:
                    assert t.difference is None
                else:
                    assert t.difference == pytest.approx(value - expected.loc[key, "mean"])
                    checked += 1
    assert checked > 0 and set(kinds) == set(scores["type"])


def test_a_trust_alone_of_its_type_is_compared_with_no_one(summary12: Any) -> None:
    ambulance = next(g for g in summary12.groups if g.trust_type == "ambulance")
    assert len(ambulance.labels) == 1
    for element in summary12.elements:
        for source in element.sources:
            entry = next(t for t in source.trusts if t.label == ambulance.labels[0])
            assert entry.score is not None and entry.difference is None


def test_two_trusts_of_different_types_are_shown_side_by_side(two: tuple[Any, Path]) -> None:
    from culturekit.report.charts.network import staff_figure

    result, out = two
    page = (out / "network" / "network.html").read_text("utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.select(".diff") and not soup.select("tr.type-average")
    text = " ".join(soup.select_one("#scores-staff").get_text(" ").split())
    assert "No two trusts here are of the same type" in text
    fig = staff_figure(result.network)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["Acute (1)", "Mental health (1)"]
    plt.close(fig)


def test_a_hidden_score_is_not_averaged(summary12: Any, twelve: list[Any]) -> None:
    label, hidden = twelve[4]  # the fifth trust's board scores are hidden
    scores = frame(twelve)
    community = scores[(scores["type"] == hidden.trust.trust_type) & (scores["source"] == "board")]
    for element in summary12.elements:
        board = next(s for s in element.sources if s.source == "board")
        index = next(i for i, g in enumerate(summary12.groups) if label in g.labels)
        others = community[(community["element"] == element.id) & (community["label"] != label)]
        assert board.averages[index].trusts_scored == len(others)
        assert board.averages[index].average == pytest.approx(others["score"].mean())


# --------------------------------------------------------------------------- grouping


def test_trusts_are_grouped_by_type_in_the_contract_order(summary12: Any) -> None:
    order = [g.trust_type for g in summary12.groups]
    assert order == ["acute", "mental health", "community", "ambulance", None]
    for group in summary12.groups:
        expected = [
            f"Synthetic {i:02d} NHS Foundation Trust"
            for i, kind in enumerate(TYPES_12, start=1)
            if kind == group.trust_type
        ]
        assert group.labels == expected
    assert sum(len(g.labels) for g in summary12.groups) == 12


def test_the_report_shows_each_group_under_its_heading(summary12: Any) -> None:
    soup = BeautifulSoup(str(render(summary12, "html")), "html.parser")
    table = soup.select_one("#scores-staff table")
    bodies = table.find_all("tbody")
    assert len(bodies) == len(summary12.groups)
    for body, group in zip(bodies, summary12.groups, strict=True):
        head = body.select_one("tr.type-head th").get_text(" ", strip=True)
        name = group.trust_type or "type is not given"
        assert name in head.lower() and f"({len(group.labels)})" in head
        rows = [tr for tr in body.find_all("tr") if tr.get("class") is None]
        assert [tr.th.get_text(strip=True) for tr in rows] == group.labels
        if len(group.labels) > 1:
            assert body.select_one("tr.type-average")
    # The type-mix sentence counts the trusts as the test's own list does.
    text = " ".join(soup.select_one("#summary").get_text(" ").split())
    assert "4 acute, 3 mental health, 2 community and 1 ambulance trusts" in text
    assert "2 trusts whose type is not given" in text


def test_cells_print_the_score_and_the_difference_with_readable_colours(
    summary12: Any, twelve: list[Any]
) -> None:
    soup = BeautifulSoup(str(render(summary12, "html")), "html.parser")
    scores = frame(twelve)
    staff = scores[scores["source"] == "staff"]
    shown = staff.dropna(subset=["score"])
    means = shown.groupby(["type", "element"])["score"].agg(["mean", "count"])
    elements = [e.id for e in summary12.elements]
    seen = 0
    for row in soup.select("#scores-staff tbody tr"):
        if row.get("class"):
            continue
        label = row.th.get_text(strip=True)
        for element, cell in zip(elements, row.find_all("td"), strict=True):
            found = staff[(staff["label"] == label) & (staff["element"] == element)].iloc[0]
            value = float(cell.select_one(".value").get_text())
            assert value == pytest.approx(found["score"], abs=0.05 + 1e-9)
            mean, count = means.loc[(found["type"], element)]
            diff = cell.select_one(".diff")
            if count < 2:
                assert diff is None
                continue
            text = diff.get_text(strip=True)
            expected = found["score"] - mean
            number = float(text.strip("▲▼ ").replace("\u2212", "-"))
            assert number == pytest.approx(expected, abs=0.05 + 1e-9)
            assert ("▲" in text) == (expected >= BAND) and ("▼" in text) == (expected <= -BAND)
            style = dict(
                part.split(":") for part in cell["style"].replace(" ", "").split(";") if part
            )
            assert contrast(style["background"], style["color"]) >= 4.5
            seen += 1
    assert seen > 30


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio, from the definition of relative luminance."""

    def luminance(colour: str) -> float:
        r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
        return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_workbook_has_the_type_and_the_type_average(summary12: Any, twelve: list[Any]) -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render(summary12, "xlsx")), read_only=True)
    rows = list(book["Trust scores"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    table = pd.DataFrame(body, columns=header)
    scores = frame(twelve)
    types = dict(zip(scores["label"], scores["type"], strict=False))
    names = {e.name: e.id for e in summary12.elements}
    means = scores.dropna(subset=["score"]).groupby(["type", "element", "source"])["score"]
    expected = means.mean()
    staff = table[table["Source"] == "Staff"]
    assert len(staff) == 12 * len(names)
    for _, row in staff.iterrows():
        kind = types[row["Trust"]]
        assert row["Trust type"].lower() == ("type not given" if kind == "(none)" else kind)
        mean = expected.loc[(kind, names[row["Element"]], "staff")]
        assert row["Type average"] == pytest.approx(mean)


# --------------------------------------------------------------------------- links


def test_batch_links_each_trust_to_its_own_report(two: tuple[Any, Path]) -> None:
    result, out = two
    network = out / "network"
    for entry in result.network.trusts:
        assert set(entry.reports) == {"html", "json"}
        page = (network / entry.reports["html"]).resolve()
        data = (network / entry.reports["json"]).resolve()
        assert page.is_file() and page.parent.parent == out.resolve()
        assert culturekit.Diagnosis.model_validate_json(data.read_text("utf-8")).trust.name == (
            entry.name
        )
    soup = BeautifulSoup((network / "network.html").read_text("utf-8"), "html.parser")
    for entry in result.network.trusts:
        anchors = [a for a in soup.find_all("a") if a.get_text(strip=True) == entry.label]
        # The trusts table, the three score tables and the readings: each names it once.
        assert len(anchors) == 5
        assert {a["href"] for a in anchors} == {quote(entry.reports["html"])}


def test_every_trust_row_links_to_its_report_and_the_pdf_to_its_pdf(summary12: Any) -> None:
    pypdf = pytest.importorskip("pypdf")
    links = {t.label: t.reports for t in summary12.trusts}
    soup = BeautifulSoup(str(render(summary12, "html")), "html.parser")
    rows = [tr for tr in soup.select("tbody tr") if tr.th and tr.th.get("scope") == "row"]
    trust_rows = [tr for tr in rows if tr.th.get_text(strip=True) in links]
    assert len(trust_rows) == 12 * 5
    for tr in trust_rows:
        label = tr.th.get_text(strip=True)
        assert tr.th.a["href"] == quote(links[label]["html"])
    # The PDF: the trusts table, the three score tables and the readings name each trust
    # once, each time linked to its PDF report.
    reader = pypdf.PdfReader(io.BytesIO(bytes(render(summary12, "pdf"))))
    uris = [
        str(link.get_object()["/A"]["/URI"])
        for page in reader.pages
        for link in page.get("/Annots", [])
        if "/A" in link.get_object() and "/URI" in link.get_object()["/A"]
    ]
    assert sorted(uris) == sorted(quote(links[label]["pdf"]) for label in links for _ in range(5))


def test_an_anonymised_copy_keeps_no_link(summary12: Any, twelve: list[Any]) -> None:
    labels = {d.trust.code: f"Trust {chr(65 + i)}" for i, (_, d) in enumerate(twelve)}
    hidden = anonymise(summary12, labels)
    assert all(t.reports == {} for t in hidden.trusts)
    assert "report.html" not in hidden.to_json()


# --------------------------------------------------------------------------- header


@pytest.mark.parametrize("count", [6, 12, 40])
def test_the_running_header_counts_the_trusts(bases: list[Any], count: int) -> None:
    from culturekit.report.pdf import render_typst

    diagnoses = synthetic(bases, types_of(count))
    source = render_typst(summarise_network(diagnoses))
    periods = " and ".join(sorted({d.trust.period for _, d in diagnoses}))
    # The running header (in pdf/base.typ) names the summary and its periods, no trust.
    head = re.search(r"header: context \{.*?\n  \},\n", source, re.S)
    assert head is not None
    assert f'[#"Network summary: {count} trusts" • #"{periods}"]' in head.group(0)
    assert not any(label in head.group(0) for label, _ in diagnoses)
    assert f'#set document(title: "Network summary: {count} trusts"' in source


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler's pdftotext is missing")
def test_the_pdf_header_is_one_short_line_on_every_page(
    twelve: list[tuple[str, culturekit.Diagnosis]], tmp_path: Path
) -> None:
    pdf = tmp_path / "network.pdf"
    pdf.write_bytes(render(summarise_network(twelve[:6]), "pdf"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [p for p in text.split("\f") if p.strip()][2:]  # after the cover and contents
    assert len(pages) >= 5
    for page in pages:
        first = page.strip().splitlines()[0]
        assert first.startswith("Network summary: 6 trusts •"), first
        assert "Synthetic" not in first


# --------------------------------------------------------------------------- chart


@pytest.mark.parametrize("count", [6, 12, 40])
def test_the_chart_keeps_its_legend_and_labels_inside_the_figure(
    bases: list[Any], count: int
) -> None:
    from culturekit.report.charts.network import staff_figure

    diagnoses = synthetic(bases, types_of(count))
    summary = summarise_network(diagnoses)
    # Drawn and measured as the chart is saved: in the charts' style (its font is found
    # as the text is drawn), as SVG, 72 points to the inch.
    with matplotlib.rc_context(STYLE):
        fig = staff_figure(summary)
        width, height = fig.get_size_inches()
        renderer = RendererSVG(width * 72, height * 72, io.StringIO())
        fig.draw(renderer)
        page = fig.bbox
        (ax,) = fig.axes
        (legend,) = fig.legends
        texts = [legend, *legend.get_texts(), ax.xaxis.label]
        texts += [t for t in ax.get_yticklabels() + ax.get_xticklabels() if t.get_text()]
        for artist in texts:
            box = artist.get_window_extent(renderer)
            assert page.x0 <= box.x0 and box.x1 <= page.x1, artist
            assert page.y0 <= box.y0 and box.y1 <= page.y1, artist
    box = legend.get_window_extent(renderer)
    assert not box.overlaps(ax.get_window_extent(renderer))
    # One entry per type present, and the type average's mark.
    kinds = {d.trust.trust_type for _, d in diagnoses}
    assert len(legend.get_texts()) == len(kinds) + 1
    # Labels on the left never run into one another.
    boxes = [t.get_window_extent(renderer) for t in ax.get_yticklabels()]
    for upper, lower in itertools.pairwise(boxes):
        assert not upper.overlaps(lower)
    plt.close(fig)


@pytest.mark.parametrize("count", [6, 12, 40])
def test_every_marker_stays_in_its_elements_band(bases: list[Any], count: int) -> None:
    from culturekit.report.charts.network import staff_figure

    diagnoses = synthetic(bases, types_of(count))
    fig = staff_figure(summarise_network(diagnoses))
    (ax,) = fig.axes
    names = [t.get_text() for t in ax.get_yticklabels()]
    elements = {e.name: e.id for e in diagnoses[0][1].elements}
    scores = frame(diagnoses)
    staff = scores[(scores["source"] == "staff")].dropna(subset=["score"])
    per_band = {name: [] for name in names}
    for line in ax.get_lines():
        for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True):
            band = round(y)
            assert abs(y - band) < 0.5, (x, y)
            per_band[names[band]].append(x)
    for name, xs in per_band.items():
        expected = staff[staff["element"] == elements[name]]["score"]
        assert sorted(xs) == pytest.approx(sorted(expected))
    plt.close(fig)


# --------------------------------------------------------------------------- framework


def test_the_summary_states_its_framework_and_the_report_reads_it(bases: list[Any]) -> None:
    diagnoses = synthetic(bases, TYPES_12[:6])
    wider = []
    for index, (label, d) in enumerate(diagnoses):
        rules = d.framework.rules.model_copy(update={"direction_band": 0.5})
        threshold = 15 if index == 2 else d.framework.reporting_threshold
        framework = d.framework.model_copy(
            update={"rules": rules, "reporting_threshold": threshold}
        )
        wider.append((label, d.model_copy(update={"framework": framework})))
    summary = summarise_network(wider)
    assert summary.framework.rules.direction_band == 0.5
    assert summary.framework.reporting_threshold == summary.reporting_threshold == 15
    assert summary.framework.id == diagnoses[0][1].framework.id
    text = " ".join(BeautifulSoup(str(render(summary, "html")), "html.parser").get_text().split())
    assert "by 0.50 points or more" in text
    assert "fewer than 15 respondents" in text


def test_trusts_of_different_frameworks_are_refused(bases: list[Any]) -> None:
    diagnoses = synthetic(bases, TYPES_12[:3])
    label, d = diagnoses[1]
    rules = d.framework.rules.model_copy(update={"strength_score": 8.0})
    framework = d.framework.model_copy(update={"rules": rules})
    diagnoses[1] = (label, d.model_copy(update={"framework": framework}))
    with pytest.raises(FrameworkError, match="one framework"):
        summarise_network(diagnoses)


# --------------------------------------------------------------------------- input


@pytest.mark.parametrize(
    ("given", "read"),
    [
        ("Acute", "acute"),
        ("mental-health", "mental health"),
        (" Acute  Specialist ", "acute specialist"),
    ],
)
def test_trust_type_is_read_from_the_trust_sheet(tmp_path: Path, given: str, read: str) -> None:
    trust = [*(row[:] for row in TRUST_ROWS), ["trust_type", given]]
    path = make_workbook(tmp_path, {"Trust": trust, "Staff": [STAFF_HEADER, staff_row()]})
    assert culturekit.load(path).trust.trust_type == read


def test_trust_type_is_optional(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": [STAFF_HEADER, staff_row()]})
    assert culturekit.load(path).trust.trust_type is None


def test_an_unknown_trust_type_is_an_error_naming_the_types(tmp_path: Path) -> None:
    trust = [*(row[:] for row in TRUST_ROWS), ["trust_type", "teaching hospital"]]
    path = make_workbook(tmp_path, {"Trust": trust, "Staff": [STAFF_HEADER, staff_row()]})
    with pytest.raises(ValidationError) as caught:
        culturekit.load(path)
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("Trust", 5, "value")
    assert "trust_type" in problem.message
    assert all(kind in (problem.expected or "") for kind in CONTRACT_TYPES)
