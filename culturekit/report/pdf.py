"""The PDF report: the HTML report's own templates, typeset for A4 by WeasyPrint.

The PDF is made from exactly the templates the HTML report uses, rendered with
``for_print`` set so that ``base.html`` adds the paged-media stylesheet
(``print.css``): a cover page, a contents page with page numbers, a running header and
page numbers. It is a tagged PDF (PDF/UA-1) with the report's title and language, so
screen readers can follow its headings and tables.

WeasyPrint is an optional dependency (``pip install "culturekit[pdf]"``) and needs the
Pango library from the system; without them :func:`render_pdf` raises
:class:`~culturekit.errors.OutputError` saying what to install.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import Any

from culturekit.errors import OutputError

__all__ = ["PDF_VARIANT", "pdf_timestamp", "render_pdf", "render_print_html"]

# Tagged PDF with title, language and a structure tree (WeasyPrint's ``pdf_variant``).
PDF_VARIANT = "pdf/ua-1"

_INSTALL_HINT = (
    'Install WeasyPrint with `pip install "culturekit[pdf]"`; it needs the Pango text '
    "library from your system (on Debian and Ubuntu: "
    "`apt-get install libpango-1.0-0 libpangoft2-1.0-0`; see WeasyPrint's installation "
    "notes for Windows and macOS). The other formats (html, json, xlsx) need neither."
)


def _weasyprint() -> Any:
    """Import WeasyPrint, turning a missing library or Pango into a clear OutputError."""
    try:
        import weasyprint
    except ImportError as exc:
        raise OutputError(
            f"PDF output needs WeasyPrint, which is not installed ({exc})",
            hint=_INSTALL_HINT,
        ) from None
    except OSError as exc:  # WeasyPrint is there but Pango (or its fonts) is not
        raise OutputError(
            f"PDF output needs the Pango library, which WeasyPrint could not load ({exc})",
            hint=_INSTALL_HINT,
        ) from None
    # WeasyPrint logs every CSS property it ignores; the report's screen CSS has a few.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint


def _url_fetcher(weasyprint: Any) -> Any:
    """Fetch ``data:`` URLs only: like the HTML report's CSP, the PDF loads nothing from
    outside the report (no network, no local files), whatever a trust's templates say."""
    fetcher_class = getattr(weasyprint, "URLFetcher", None)
    if fetcher_class is not None:  # WeasyPrint 66 and later
        return fetcher_class(allowed_protocols={"data"})
    default = weasyprint.default_url_fetcher

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
        if not url.startswith("data:"):
            raise ValueError(f"culturekit reports load nothing from outside: {url}")
        return default(url, *args, **kwargs)

    return fetch


def pdf_timestamp() -> str:
    """The PDF's creation date (W3C format): SOURCE_DATE_EPOCH when set, else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        if epoch and epoch.isdigit()
        else dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
    )
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def render_print_html(result: Any, *, templates: str | Path | None = None) -> str:
    """The report's HTML with ``for_print`` set: what WeasyPrint typesets."""
    from culturekit.report.registry import render

    return str(render(result, "html", templates=templates, extra={"for_print": True}))


def render_pdf(result: Any, *, templates: str | Path | None = None) -> bytes:
    """The report of ``result`` (a Diagnosis, Comparison or NetworkSummary) as PDF bytes.

    Deterministic: the same result, templates and ``SOURCE_DATE_EPOCH`` give the same
    bytes (fonts are subset the same way and no random identifier is written).
    """
    weasyprint = _weasyprint()
    page_html = render_print_html(result, templates=templates)
    try:
        document = weasyprint.HTML(
            string=page_html, url_fetcher=_url_fetcher(weasyprint), media_type="print"
        ).render()
        stamp = pdf_timestamp()
        document.metadata.created = stamp
        document.metadata.modified = stamp
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=False)
    except OutputError:
        raise
    except Exception as exc:  # WeasyPrint's failures are not one exception class
        raise OutputError(f"the PDF could not be rendered: {exc}") from exc
    if not isinstance(pdf, bytes):
        raise OutputError("the PDF could not be rendered: WeasyPrint returned no data")
    return pdf
