"""Document ingestion for the catalogue (issue 3, staff journey step 1).

Turns an uploaded Word file, a pasted web page or pasted text into an
:class:`ExtractedDocument`: title, document number, signing date, issuing agency, clean body
HTML, attachments, proposed keywords and warnings (in Chinese). Pure Python: no models, no
database; the catalogue services call it and let the user review every proposed value.
"""

from .errors import BadDocument
from .keywords import MAX_KEYWORD_CHARS, propose_keywords, warm_up
from .metadata import normalise_document_number
from .model import ExtractedDocument
from .pipeline import extract_from_docx, extract_from_html, extract_from_text

__all__ = [
    "MAX_KEYWORD_CHARS",
    "BadDocument",
    "ExtractedDocument",
    "extract_from_docx",
    "extract_from_html",
    "extract_from_text",
    "normalise_document_number",
    "propose_keywords",
    "warm_up",
]
