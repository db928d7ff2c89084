"""Reports: every result in every format, chosen through one registry (:mod:`.registry`)."""

from culturekit.report.registry import DOCUMENTS, Document, document_for, file_name, render

__all__ = ["DOCUMENTS", "Document", "document_for", "file_name", "render"]
