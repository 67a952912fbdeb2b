"""No template may need 'unsafe-inline': no inline script, no event handler attributes, no
inline style (Content-Security-Policy: script-src 'self'; style-src 'self')."""

import re
from pathlib import Path

import pytest

GONGKAI = Path(__file__).resolve().parents[2] / "gongkai"
TEMPLATES = sorted(p for p in GONGKAI.rglob("templates/**/*") if p.is_file() and p.suffix in {".html", ".txt", ".xml"})

SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)
STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def test_the_scan_sees_the_templates():
    names = {p.name for p in TEMPLATES}
    assert {"base.html", "500.html", "login.html"} <= names
    assert len(TEMPLATES) > 100


def _problems(text: str) -> list[str]:
    found = []
    for tag in SCRIPT_TAG.findall(text):
        if not re.search(r"\bsrc\s*=", tag, re.IGNORECASE) and "application/json" not in tag:
            found.append(f"inline script {tag}")
    found += [f"event handler {m.group(0)[:60]}" for m in HANDLER.finditer(text)]
    found += [f"style attribute {m.group(0)[:60]}" for m in STYLE_ATTRIBUTE.finditer(text)]
    found += ["<style> element" for _ in STYLE_TAG.finditer(text)]
    found += [f"javascript: URL {m.group(0)}" for m in JS_URL.finditer(text)]
    return found


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<p\n  style="color:red">',
        "<style>p{}</style>",
        '<a href="javascript:void(0)">',
    ],
)
def test_the_scan_catches_each_kind(text):
    assert _problems(text)


def test_the_scan_lets_external_script_and_data_blocks_pass():
    assert (
        _problems('<script src="/static/x.js" defer></script><script type="application/json" id="d">{}</script>') == []
    )
    assert _problems('<td data-style="x" class="onion">') == []


def test_no_template_has_inline_script_handlers_or_style():
    offenders = {str(p.relative_to(GONGKAI)): _problems(p.read_text(encoding="utf-8")) for p in TEMPLATES}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_every_page_skeleton_fits_a_phone_screen():
    skeletons = [p for p in TEMPLATES if "<html" in p.read_text(encoding="utf-8")]
    assert {"base.html", "page.html"} <= {p.name for p in skeletons}
    viewport = '<meta name="viewport" content="width=device-width, initial-scale=1">'
    assert [str(p.relative_to(GONGKAI)) for p in skeletons if viewport not in p.read_text(encoding="utf-8")] == []


def test_back_office_menu_folds_without_script():
    base = (GONGKAI / "backoffice" / "templates" / "backoffice" / "base.html").read_text(encoding="utf-8")
    assert '<input type="checkbox" id="office-menu-toggle" class="menu-toggle">' in base
    assert '<label for="office-menu-toggle" class="menu-toggle-label">' in base
    css = (GONGKAI / "static" / "css" / "gongkai.css").read_text(encoding="utf-8")
    assert ".menu-toggle:not(:checked) ~ .menu-groups { display:none; }" in css
