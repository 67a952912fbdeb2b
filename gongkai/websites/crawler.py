"""A bounded, polite broken-link checker of the jurisdiction's own websites.

Starting from a registered website's address it follows links on the same host only (breadth first,
at most ``max_pages`` pages fetched and ``max_links`` distinct link targets checked, a pause of
``delay`` seconds between requests), honours the
host's robots.txt (``urllib.robotparser``; a path it disallows is neither fetched nor reported) and
checks every link target once: links to other hosts are checked with one HEAD request (no crawling
there). A target answering 4xx/5xx or not answering is a broken link of the page that links to it.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser

USER_AGENT = "Gongkai-website-inspector/1.0"
TIMEOUT = 10
MAX_PAGE_BYTES = 2 * 1024 * 1024


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        name = {"a": "href", "img": "src", "script": "src", "link": "href", "iframe": "src"}.get(tag)
        if name:
            for key, value in attrs:
                if key == name and value:
                    self.links.append(value.strip())


@dataclass
class CrawlResult:
    pages: int = 0
    checked: int = 0
    broken: list[dict] = field(default_factory=list)  # {"url", "page", "status"}
    skipped_by_robots: list[str] = field(default_factory=list)


def _get(url: str, method: str = "GET") -> tuple[int, bytes, str]:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:  # the registered site's own pages
            body = answer.read(MAX_PAGE_BYTES) if method == "GET" else b""
            return answer.status, body, answer.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        if method == "HEAD" and exc.code in (405, 501):  # HEAD not supported: ask again with GET
            return _get(url, "GET")[0], b"", ""
        return exc.code, b"", ""
    except (urllib.error.URLError, TimeoutError, ConnectionError, ValueError):
        return 0, b"", ""


def _robots(start: str) -> urllib.robotparser.RobotFileParser:
    parts = urllib.parse.urlsplit(start)
    parser = urllib.robotparser.RobotFileParser()
    status, body, _ctype = _get(f"{parts.scheme}://{parts.netloc}/robots.txt")
    if status == 200:
        parser.parse(body.decode("utf-8", errors="ignore").splitlines())
    else:
        parser.parse([])  # no robots.txt: everything allowed
    return parser


def crawl(
    start: str, *, max_pages: int = 50, max_links: int = 500, delay: float = 1.0, sleep=time.sleep
) -> CrawlResult:
    parts = urllib.parse.urlsplit(start)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("start must be an http(s) URL")
    host = parts.netloc
    robots = _robots(start)
    result = CrawlResult()
    queue: deque[str] = deque([start])
    seen_pages: set[str] = {start}
    status_of: dict[str, int] = {}
    first = True

    def polite() -> None:
        nonlocal first
        if not first and delay > 0:
            sleep(delay)
        first = False

    while queue and result.pages < max_pages:
        page = queue.popleft()
        if not robots.can_fetch(USER_AGENT, page):
            result.skipped_by_robots.append(page)
            continue
        polite()
        status, body, ctype = _get(page)
        status_of[page] = status
        result.pages += 1
        if status != 200 or "html" not in ctype:
            continue
        parser = _Links()
        try:
            parser.feed(body.decode("utf-8", errors="ignore"))
        except Exception:  # malformed markup: keep what was read
            pass
        for raw in parser.links:
            if raw.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
                continue
            target = urllib.parse.urldefrag(urllib.parse.urljoin(page, raw))[0]
            t_parts = urllib.parse.urlsplit(target)
            if t_parts.scheme not in ("http", "https"):
                continue
            if t_parts.netloc == host and not robots.can_fetch(USER_AGENT, target):
                if target not in result.skipped_by_robots:
                    result.skipped_by_robots.append(target)
                continue
            if target not in status_of:
                if result.checked >= max_links:
                    continue  # bounded: at most max_links distinct targets are requested
                if t_parts.netloc == host and target not in seen_pages and len(seen_pages) < max_pages:
                    # Fetched (and its status known) when its turn comes in the queue.
                    seen_pages.add(target)
                    queue.append(target)
                    polite()
                    status_of[target] = _get(target, "HEAD")[0]
                else:
                    polite()
                    status_of[target] = _get(target, "HEAD")[0]
                result.checked += 1
            code = status_of[target]
            if code == 0 or code >= 400:
                result.broken.append({"url": target, "page": page, "status": code})
    return result
