"""The link crawler against a small site served by the test on 127.0.0.1 (never an outside address):
broken links found, robots.txt honoured, the number of pages bounded, requests spaced."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gongkai.websites import crawler, services
from gongkai.websites.enums import FindingKind
from gongkai.websites.models import Finding

PAGES = {
    "/robots.txt": "User-agent: *\nDisallow: /private/\n",
    "/": '<a href="/a.html">A</a> <a href="/missing.html">坏链</a> <a href="/private/secret.html">内部</a>'
    '<img src="/img/none.png"> <a href="mailto:x@example.invalid">邮件</a>',
    "/a.html": '<a href="/">首页</a> <a href="/chain/1.html">下一页</a>',
}
for i in range(1, 30):
    PAGES[f"/chain/{i}.html"] = f'<a href="/chain/{i + 1}.html">下一页</a>'
REQUESTS: list[str] = []


class Handler(BaseHTTPRequestHandler):
    def _answer(self, body: bool) -> None:
        REQUESTS.append(self.path)
        page = PAGES.get(self.path)
        if page is None:
            self.send_response(404)
            self.end_headers()
            return
        data = page.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain" if self.path.endswith(".txt") else "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def do_GET(self):
        self._answer(True)

    def do_HEAD(self):
        self._answer(False)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    REQUESTS.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_broken_links_robots_and_bound(site):
    pauses: list[float] = []
    result = crawler.crawl(site, max_pages=5, delay=0.5, sleep=pauses.append)
    broken = {b["url"].removeprefix(site.rstrip("/")) for b in result.broken}
    assert broken == {"/missing.html", "/img/none.png"}
    assert not any(p.startswith("/private/") for p in REQUESTS)  # robots.txt honoured
    assert any(u.endswith("/private/secret.html") for u in result.skipped_by_robots)
    assert result.pages == 5  # bounded
    assert not any(p.startswith("/chain/9") for p in REQUESTS)
    assert pauses and all(p == 0.5 for p in pauses)
    assert len(pauses) == len(REQUESTS) - 2  # a pause before every request but robots.txt and the first


def test_links_check_opens_findings_once(site, unit_admin, department, settings):
    settings.WEBSITES_CRAWL_DELAY_SECONDS = 0
    account = services.account_register(
        actor=unit_admin,
        agency=department,
        data={"platform": "website", "name": "教育局网站", "identifier": site, "person_responsible": "赵强"},
        existing=True,
    )
    summary = services.links_check(actor=unit_admin, account=account, max_pages=3)
    assert summary["broken"] == 2 and summary["opened"] == 2
    again = services.links_check(actor=unit_admin, account=account, max_pages=3)
    assert again["opened"] == 0
    assert Finding.objects.filter(account=account, kind=FindingKind.BROKEN_LINK).count() == 2


def test_links_are_bounded_too(site):
    result = crawler.crawl(site, max_pages=50, max_links=3, delay=0, sleep=lambda s: None)
    assert result.checked == 3
    # robots.txt, then at most the start page and the pages among the three checked targets
    assert len(REQUESTS) <= 1 + 1 + 3 + 3
