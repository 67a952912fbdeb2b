"""Turn the five seed documents (tests/catalog/seeds, copies of /work/shared/seeds) into the files
staff would upload: Word documents as an office would produce them, and web pages as a site shows them.

The Word version of a seed is the official document only: the lines of the web page it was copied
from (site chrome, the disclosure page's metadata header) are left out, the document number is put
above the title as on a printed 公文, the title is a styled heading repeated as the first body
paragraph, section lines are bold, some runs carry fonts, sizes and colours, the blank lines of the
seed stay as empty paragraphs, and 004's list of the nine categories becomes a table.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

SEED_DIR = Path(__file__).resolve().parent / "seeds"


@dataclass(frozen=True)
class SeedSpec:
    file: str
    title: str | None = None
    title_style: str = "Heading 1"
    number_line: str | None = None  # printed above the title in the Word version
    furniture: tuple[str, ...] = ()  # prefixes of web-page lines left out of the Word version
    footer_from: str | None = None  # web footer: this line and everything after it
    table_lines: str | None = None  # regex of lines that become table rows
    replace: dict[str, str] = field(default_factory=dict)  # variations (Chinese-numeral date …)


SEEDS = {
    "000": SeedSpec(file="000_0c725db5c536e129.txt"),
    "001": SeedSpec(
        file="001_ba6009ecd914febe.txt",
        title="祥云县人民政府办公室关于印发《祥云县政务舆情监测处置回应和新闻发布工作制度》的通知",
        furniture=("中央人民政府网站", "祥云县人民政府办公室关于印发《", "文章作者"),
        footer_from="打印本文",
    ),
    "002": SeedSpec(
        file="002_328464e2a429c4d0.txt",
        title="铜川市人民政府办公室关于进一步推进政务公开有关工作的通知",
        title_style="Title",
        number_line="铜政办发[2016]71号",  # square brackets on purpose: normalised to 〔〕
        furniture=("索引号", "发文机构", "发文日期", "公文时效", "来源:", "网络编辑", "信息审核"),
    ),
    "003": SeedSpec(file="003_790fa582f60ec817.txt"),
    "004": SeedSpec(
        file="004_78ac50245f7d05e6.txt",
        title="鄂托克前旗人民政府办公室关于印发政府信息公开有关制度的通知",
        number_line="鄂前政办发〔2018〕96号",
        furniture=("索 引 号", "发布机构", "名  称", "文  号"),
        table_lines=r"^[1-9]\.(.{2,6}类):(.+)$",
    ),
}

_SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_SIGNATURE = re.compile(r"^\s*(\S+(办公室|办公厅))\s*$|^\s*(\d{4}|[〇一二三四五六七八九]{4})年.{1,3}月.{1,3}日\s*$")


def seed_text(seed: str) -> str:
    return (SEED_DIR / SEEDS[seed].file).read_text(encoding="utf-8")


def _word_lines(seed: str, replace: dict[str, str] | None = None) -> list[str]:
    spec = SEEDS[seed]
    text = seed_text(seed)
    for old, new in {**spec.replace, **(replace or {})}.items():
        assert old in text, old
        text = text.replace(old, new)
    lines = []
    for line in text.split("\n"):
        if spec.footer_from and line.strip().startswith(spec.footer_from):
            break
        if any(line.strip().startswith(p) for p in spec.furniture):
            continue
        lines.append(line)
    return lines


def _styled_run(paragraph, text: str, *, red: bool = False, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.name = "仿宋_GB2312"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    run.font.size = Pt(16)
    if red:
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    if bold:
        run.bold = True
    return run


def build_docx(seed: str, *, replace: dict[str, str] | None = None) -> bytes:
    """The Word version of a seed document (see the module docstring)."""
    spec = SEEDS[seed]
    doc = Document()
    if spec.number_line:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _styled_run(p, spec.number_line)
    if spec.title:
        heading = doc.add_heading(level=0 if spec.title_style == "Title" else 1)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _styled_run(heading, spec.title, red=True)
        repeat = doc.add_paragraph()
        repeat.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _styled_run(repeat, spec.title)
    table = None
    table_re = re.compile(spec.table_lines) if spec.table_lines else None
    for n, line in enumerate(_word_lines(seed, replace)):
        stripped = line.strip(" \t\u3000\u00a0")
        row = table_re.match(stripped) if table_re else None
        if row:
            if table is None:
                table = doc.add_table(rows=0, cols=2)
                table.style = "Table Grid"
            cells = table.add_row().cells
            cells[0].text, cells[1].text = row.group(1), row.group(2)
            continue
        if table is not None and not stripped:
            continue  # blank lines between the rows of the table
        table = None
        p = doc.add_paragraph()
        if not stripped:
            if n % 2:
                p.add_run("  ")  # an "empty" paragraph holding only spaces
            continue
        if _SIGNATURE.match(line):
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _styled_run(p, stripped)
        elif _SECTION.match(stripped):
            _styled_run(p, stripped, bold=True)
        elif n % 3 == 0 and len(stripped) > 12:
            _styled_run(p, stripped[:6], red=True)
            p.add_run(stripped[6:]).font.size = Pt(14)
        else:
            p.add_run(stripped)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def build_web_page(seed: str) -> str:
    """A seed as a government web page: navigation, scripts, styles, fonts, share bar, footer.

    The seed's own lines (including its chrome and metadata header lines) are the page content.
    """
    paragraphs = []
    for i, line in enumerate(seed_text(seed).split("\n")):
        stripped = line.strip(" \t\u3000\u00a0")
        if not stripped:
            paragraphs.append('<p style="margin:0">&nbsp;</p>')
            continue
        escaped = stripped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if i % 4 == 0:
            paragraphs.append(
                f'<p class="MsoNormal" style="text-indent:2em;font-family:仿宋_GB2312">'
                f'<span style="font-size:16pt;color:#333333"><font face="仿宋" color="red">{escaped}</font></span></p>'
            )
        elif _SECTION.match(stripped):
            paragraphs.append(f'<p><span style="font-weight:bold">{escaped}</span></p>')
        else:
            paragraphs.append(f'<div align="left" onclick="track()">{escaped}</div>')
    body = "\n".join(paragraphs)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>政务公开</title>
<style>.content {{ color: red; font-size: 18px }}</style>
<script>var visits = "脚本里的文字不应进入正文"; document.write(visits);</script>
</head><body>
<div class="top-nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div>
<nav><ul><li>机构概况</li><li>政策文件</li></ul></nav>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 政策文件</div>
<div class="content" style="font-family:宋体">
{body}
<p><a href="/files/fj1.docx" style="color:blue">附件下载示例.docx</a></p>
</div>
<div class="share-bar">分享到：微信 微博</div>
<footer>版权所有 政府网站 ICP备00000000号</footer>
<noscript>请启用脚本</noscript>
</body></html>"""
