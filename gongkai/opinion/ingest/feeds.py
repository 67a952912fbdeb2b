"""RSS 2.0 and Atom feeds: parsing (stdlib XML parser) and polling on a schedule.

``parse_feed(data)`` turns a feed document into record mappings (``records.parse_record`` keys):
the entry's guid/id (else its link) is the external id, the title, the text (HTML reduced to text),
the link, the publication time and the author. ``poll_source(source, fetch=...)`` fetches with the
stored ETag/Last-Modified (a 304 adds nothing), ingests through the same pipeline and records the
outcome on the source. ``poll_due()`` (periodic job "opinion-feeds") polls each active feed source
whose interval has passed. Tests give ``fetch`` a function returning local bytes; nothing here is
reached over the network in tests.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from django.db import transaction

from gongkai.core import clock
from gongkai.core.errors import ValidationFailed

from ..enums import FeedStatus
from ..models import Source
from ..services import ingest_records

log = logging.getLogger(__name__)

MAX_FEED_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 20
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("br", "p", "div", "li"):
            self.parts.append("\n")


def html_to_text(value: str) -> str:
    if "<" not in value:
        return html.unescape(value).strip()
    parser = _Text()
    try:
        parser.feed(value)
        parser.close()
    except Exception:  # malformed markup: keep the characters
        return html.unescape(value).strip()
    return "\n".join(line.strip() for line in "".join(parser.parts).splitlines() if line.strip())


def _text(el: ET.Element | None) -> str:
    if el is None:
        return ""
    return "".join(el.itertext()).strip()


def parse_feed(data: bytes) -> list[dict]:
    """Entries of an RSS 2.0 or Atom document as record mappings; ValidationFailed if not a feed."""
    if not data:
        raise ValidationFailed("订阅内容为空。")
    if len(data) > MAX_FEED_BYTES:
        raise ValidationFailed("订阅内容过大。")
    if b"<!ENTITY" in data[:4096].upper():
        raise ValidationFailed("订阅内容含有实体声明，已拒绝。")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValidationFailed(f"订阅内容不是有效的 XML：{exc}") from None
    records: list[dict] = []
    if root.tag == f"{ATOM}feed":
        for entry in root.findall(f"{ATOM}entry"):
            link = ""
            for el in entry.findall(f"{ATOM}link"):
                if el.get("rel", "alternate") == "alternate" and el.get("href"):
                    link = el.get("href")
                    break
            body = entry.find(f"{ATOM}content")
            if body is None:
                body = entry.find(f"{ATOM}summary")
            author = entry.find(f"{ATOM}author")
            records.append(
                {
                    "id": _text(entry.find(f"{ATOM}id")) or link,
                    "kind": "news",
                    "title": _text(entry.find(f"{ATOM}title")),
                    "text": html_to_text(_text(body)),
                    "url": link,
                    "published_at": _text(entry.find(f"{ATOM}published")) or _text(entry.find(f"{ATOM}updated")),
                    "author": _text(author.find(f"{ATOM}name")) if author is not None else "",
                }
            )
        return records
    channel = root.find("channel") if root.tag == "rss" else None
    if channel is None and root.tag.endswith("RDF"):
        channel = root
    if channel is None:
        raise ValidationFailed("不是 RSS 或 Atom 订阅。")
    items = channel.findall("item") or root.findall("{http://purl.org/rss/1.0/}item")
    for item in items:

        def get(name: str, item=item) -> str:
            return _text(item.find(name)) or _text(item.find("{http://purl.org/rss/1.0/}" + name))

        link = get("link")
        body = _text(item.find(f"{CONTENT}encoded")) or get("description")
        records.append(
            {
                "id": get("guid") or link,
                "kind": "news",
                "title": get("title"),
                "text": html_to_text(body),
                "url": link,
                "published_at": get("pubDate") or _text(item.find(f"{DC}date")),
                "author": get("author") or _text(item.find(f"{DC}creator")),
            }
        )
    return records


@dataclass
class Fetched:
    status: int
    body: bytes = b""
    etag: str = ""
    modified: str = ""


def http_fetch(url: str, etag: str = "", modified: str = "") -> Fetched:
    headers = {"User-Agent": "Gongkai-opinion-monitor/1.0"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # the source's configured URL
            body = answer.read(MAX_FEED_BYTES + 1)
            return Fetched(answer.status, body, answer.headers.get("ETag", ""), answer.headers.get("Last-Modified", ""))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(304)
        raise


def poll_source(source, *, fetch: Callable[..., Fetched] = http_fetch, now: dt.datetime | None = None):
    """Fetch, parse and ingest one feed source; the outcome is recorded on the source."""

    now = now or clock.now()
    status, error = FeedStatus.OK, ""
    outcome = None
    fetched = None
    try:
        fetched = fetch(source.feed_url, source.feed_etag, source.feed_modified)
        if fetched.status == 304:
            status = FeedStatus.NOT_MODIFIED
        elif fetched.status >= 400:
            status, error = FeedStatus.ERROR, f"HTTP {fetched.status}"
        else:
            outcome = ingest_records(source=source, rows=parse_feed(fetched.body), channel="feed", now=now)
    except ValidationFailed as exc:
        status, error = FeedStatus.ERROR, exc.message
    except Exception as exc:  # network and server errors: recorded, retried at the next interval
        status, error = FeedStatus.ERROR, f"{type(exc).__name__}: {exc}"[:500]
    update = {"last_polled_at": now, "feed_status": status, "feed_error": error[:500]}
    if fetched is not None and status == FeedStatus.OK:
        update["feed_etag"] = (fetched.etag or "")[:200]
        update["feed_modified"] = (fetched.modified or "")[:100]
    with transaction.atomic():
        Source.objects.filter(pk=source.pk).update(**update)
    return outcome


def poll_due(*, fetch: Callable[..., Fetched] = http_fetch, now: dt.datetime | None = None) -> int:
    """Poll every active feed source whose interval has passed; returns how many were polled."""

    now = now or clock.now()
    polled = 0
    for source in Source.objects.filter(is_active=True).exclude(feed_url=""):
        if source.last_polled_at and source.last_polled_at + dt.timedelta(minutes=source.poll_minutes) > now:
            continue
        poll_source(source, fetch=fetch, now=now)
        polled += 1
    return polled
