"""A trust brands its reports with its own templates (``--templates DIR``).

The override folder holds ``report.html``, which extends the shipped report and replaces
the logo and the colours; the rest of the report, and the shipped templates, stay as they
are. The PDF is branded the same way, by ``pdf/report.typ`` in the same folder.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

import culturekit
from culturekit.cli import cli
from culturekit.report.environment import shipped_templates
from culturekit.report.html import render_html

BRAND = "#7A1F5C"
BRAND_DARK = "#4B1238"
LOGO_TEXT = "Northwick Care Group"

OVERRIDE = (
    '{% extends "default:report.html" %}\n'
    "{% block brand_logo %}"
    '<svg class="trust-logo" role="img" aria-label="' + LOGO_TEXT + ' logo" width="48" '
    'height="48" viewBox="0 0 48 48"><circle cx="24" cy="24" r="22" fill="#FFFFFF"/>'
    "</svg>"
    '<span class="logo-text">' + LOGO_TEXT + "</span>"
    "{% endblock %}\n"
    "{% block brand_colours %}"
    ":root { --brand: " + BRAND + "; --brand-dark: " + BRAND_DARK + "; }"
    "{% endblock %}\n"
)


# The PDF's override: the same colours and logo, in Typst. The logo is an SVG image with
# its alternative text, as PDF/UA asks of every picture.
LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48">'
    '<circle cx="24" cy="24" r="22" fill="#FFFFFF"/></svg>'
)
PDF_OVERRIDE = (
    '{% extends "default:pdf/report.typ" %}\n'
    "{% block brand_colours %}\n"
    f'#let brand = rgb("{BRAND}")\n'
    f'#let brand-dark = rgb("{BRAND_DARK}")\n'
    '#let brand-ink = rgb("#FFFFFF")\n'
    "{% endblock %}\n"
    "{% block brand_logo %}\n"
    '#box(baseline: 30%, image(bytes({{ logo }}), format: "svg", height: 12mm, '
    f'alt: "{LOGO_TEXT} logo"))\n'
    f'#h(3mm) #text(size: 11pt, weight: "bold", "{LOGO_TEXT}")\n'
    "{% endblock %}\n"
).replace("{{ logo }}", "{{ " + repr(LOGO_SVG) + " }}")


def _short(diagnosis: culturekit.Diagnosis) -> culturekit.Diagnosis:
    """The diagnosis without items, groups, dashboard and workforce: a quick PDF."""
    elements = [e.model_copy(update={"items": {}}) for e in diagnosis.elements]
    return diagnosis.model_copy(
        update={"elements": elements, "breakdowns": [], "dashboard": None, "workforce": None}
    )


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def brand_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "brand"
    folder.mkdir()
    (folder / "report.html").write_text(OVERRIDE, encoding="utf-8")
    (folder / "pdf").mkdir()
    (folder / "pdf" / "report.typ").write_text(PDF_OVERRIDE, encoding="utf-8")
    return folder


def test_shipped_base_exposes_the_brand_blocks() -> None:
    base = (shipped_templates() / "base.html").read_text(encoding="utf-8")
    for block in (
        "brand_logo",
        "brand_colours",
        "cover",
        "styles",
        "footer",
        "content",
        "navigation",
        "title",
    ):
        assert f"{{% block {block} %}}" in base, block
    assert "--brand:" in base and "--brand-dark:" in base
    pdf_base = (shipped_templates() / "pdf" / "base.typ").read_text(encoding="utf-8")
    for block in ("brand_logo", "brand_colours", "cover", "footer", "content", "navigation"):
        assert f"{{% block {block} %}}" in pdf_base, block
    assert "#let brand = " in pdf_base and "#let brand-dark = " in pdf_base


def test_cli_diagnose_with_templates_brands_the_report(
    tmp_path: Path,
    brand_dir: Path,
    northwick_pre_path: Path,
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    before = _digest(shipped_templates())
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "diagnose",
            str(northwick_pre_path),
            "-o",
            str(out),
            "--templates",
            str(brand_dir),
            "--format",
            "html",
        ],
    )
    assert result.exit_code == 0, result.output
    page = (out / "report.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    logo = soup.select_one("header .logo")
    assert logo is not None and LOGO_TEXT in logo.text
    assert soup.select_one("header .logo svg.trust-logo") is not None
    assert soup.select_one("header .logo .logo-mark") is None  # the NHS mark is replaced
    assert f"--brand: {BRAND}" in page and f"--brand-dark: {BRAND_DARK}" in page
    # Everything else is the shipped report.
    assert soup.find("h1").text.strip() == "Culture diagnosis"
    for element in northwick_diagnosis.elements:
        assert element.name in page
    assert soup.find("nav", attrs={"aria-label": "Contents"}) is not None
    assert _digest(shipped_templates()) == before


def test_shipped_default_is_untouched_by_an_override(
    brand_dir: Path,
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    branded = render_html(northwick_diagnosis, templates=brand_dir)
    default = render_html(northwick_diagnosis)
    assert LOGO_TEXT in branded and LOGO_TEXT not in default
    soup = BeautifulSoup(default, "html.parser")
    assert soup.select_one("header .logo .logo-mark").text == "NHS"
    assert "--brand: #005EB8" in default and BRAND not in default


def test_styles_and_footer_blocks_can_be_replaced(
    tmp_path: Path,
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    folder = tmp_path / "brand2"
    folder.mkdir()
    (folder / "report.html").write_text(
        '{% extends "default:report.html" %}\n'
        "{% block styles %}.cover h1 { letter-spacing: .01em; }{% endblock %}\n"
        "{% block footer %}{{ super() }} Contact: culture@northwick.example{% endblock %}\n",
        encoding="utf-8",
    )
    page = render_html(northwick_diagnosis, templates=folder)
    footer = BeautifulSoup(page, "html.parser").find("footer")
    assert "Contact: culture@northwick.example" in footer.text
    assert "Produced with culturekit" in footer.text
    assert ".cover h1 { letter-spacing: .01em; }" in page


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_the_pdf_carries_the_brand(
    brand_dir: Path, tmp_path: Path, northwick_diagnosis: culturekit.Diagnosis
) -> None:
    from PIL import Image

    from culturekit.report.pdf import render_pdf

    pdf = tmp_path / "report.pdf"
    short = _short(northwick_diagnosis)
    pdf.write_bytes(render_pdf(short, templates=brand_dir))
    cover = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert LOGO_TEXT in cover and "Culture diagnosis" in cover
    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "20", "-png", str(pdf), str(tmp_path / "cover")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("cover*.png"))).convert("RGB")
    expected = tuple(int(BRAND[i : i + 2], 16) for i in (1, 3, 5))
    corner = image.getpixel((3, image.height - 3))  # the cover is the brand colour
    assert all(abs(a - b) <= 3 for a, b in zip(corner, expected, strict=True)), corner
