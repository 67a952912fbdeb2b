"""Data shapes of the ingestion step.

Every source (Word file, pasted web page, pasted text) is first read into a flat list of
*blocks* (paragraphs, lists, tables) whose inline content keeps only bold/italic. Metadata
detection works on the blocks; the clean body HTML is rendered from what is left.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Run:
    """A piece of inline text with the only formatting the body keeps."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Para:
    """A paragraph, or a heading when ``heading_level`` > 0 (1 = top level)."""

    runs: list[Run] = field(default_factory=list)
    heading_level: int = 0
    # Hints used only by metadata detection (never rendered):
    title_style: bool = False  # Word "Title"/"Heading" style
    centered: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class ListBlock:
    items: list[list[Run]] = field(default_factory=list)
    ordered: bool = False

    @property
    def text(self) -> str:
        return "\n".join("".join(r.text for r in item) for item in self.items)


@dataclass
class Cell:
    text: str
    colspan: int = 1
    header: bool = False


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(" ".join(c.text for c in row) for row in self.rows)


Block = Para | ListBlock | Table


@dataclass
class ExtractedDocument:
    """What the ingestion step proposes for a new catalogue item (the user reviews every field).

    Fields (all detected values may be ``None`` / empty; ``warnings`` then says why, in Chinese):

    - ``title``: 信息名称, the full title of the document, never repeated in ``body_html``.
    - ``document_number``: 文件编号 / 文号 with the year bracket normalised to 〔〕.
    - ``signing_date``: 产生时间 candidate: the (last) date of the signature block; else the
      date of the page's metadata header (发文日期); else the 印发 date. ``date_source`` says which:
      ``"signature"``, ``"header"``, ``"print"`` or ``None``.
    - ``issuing_agency``: the first agency of the signature line, else the part of the title
      before 关于; ``co_issuing_agencies`` the other agencies of a co-signed signature line.
    - ``body_html``: clean HTML (h2–h4, p, strong, em, br, ul/ol/li, table/tbody/tr/th/td with
      colspan); no attributes other than colspan, no styles, classes, fonts, colours or links.
    - ``body_text``: the body as plain text (one block per line), for keywords and search.
    - ``attachments``: names listed after 附件 (or linked files of a web page).
    - ``source_index_number``, ``publishing_agency``, ``source_date``, ``source_published_on``:
      values of a pasted web page's metadata header (索引号, 发布机构, 发文日期, 发布日期).
    - ``keywords``: proposed keywords (each at most 10 characters), for the user to edit.
    - ``converted_from_traditional``: the text was Traditional Chinese and has been converted.
    - ``source_format``: ``"docx"``, ``"html"`` or ``"text"``.
    - ``warnings``: messages for the user, in Chinese.
    """

    source_format: str
    title: str | None = None
    document_number: str | None = None
    signing_date: dt.date | None = None
    date_source: str | None = None
    issuing_agency: str | None = None
    co_issuing_agencies: list[str] = field(default_factory=list)
    body_html: str = ""
    body_text: str = ""
    attachments: list[str] = field(default_factory=list)
    source_index_number: str | None = None
    publishing_agency: str | None = None
    source_date: dt.date | None = None
    source_published_on: dt.date | None = None
    keywords: list[str] = field(default_factory=list)
    converted_from_traditional: bool = False
    warnings: list[str] = field(default_factory=list)
