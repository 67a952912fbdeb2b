"""Detect the metadata of an official document (公文) in its blocks.

Works on the structure GB/T 9704 gives official documents, as found in the seeds:

    [web chrome]  [metadata header of a disclosure page: 索引号 … 文号 …]
    [letterhead "XX文件"]  [文号 line]  title (possibly over several lines, possibly repeated)
    addressee line ending with "："  body …  [附件：1. … 2. …]
    signature: agency line(s) and date line(s)   [(此件公开发布)]
    [附件1 …]  [版记 "XX办公室  2018年11月5日印发"]  [web chrome]

Everything is matched on an NFKC copy of the text (full-width digits and colons folded), so the
displayed text is never altered here. Returns the values and the indices of blocks that are not
body (chrome, header, letterhead, document number, title and its repetitions).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .chinese import CJK, DATE_PATTERN, DATE_RE, nfkc, parse_any_date, parse_cn_date, squash
from .i18n import _
from .model import Block, Para, Table

# --- patterns -----------------------------------------------------------------------------------

_DOC_TYPES = (
    "实施意见|指导意见|通知|通报|意见|决定|办法|规定|细则|方案|规划|制度|报告|请示|批复|复函|函|公告|通告|纪要|"
    "决议|命令|指南|条例|规则|公报|要点|计划|批示|议案|指示|章程|规程|标准|目录|清单|说明|公示|机制|措施|预案"
)
_TITLE_RE = re.compile(rf"关于.{{2,150}}(?:{_DOC_TYPES})(?:[(（][^()（）]{{1,12}}[)）])?$")
_TYPE_END_RE = re.compile(rf"(?:{_DOC_TYPES})(?:[(（][^()（）]{{1,12}}[)）])?$")

_AGENCY_SUFFIX = (
    r"(?:人民政府|政府|办公室|办公厅|委员会|管委会|办事处|局|厅|委|办|部|署|院|会|中心|所|站|队|处|科|公司|集团|"
    r"街道|镇|乡|苏木|嘎查|社区|大学|学院|学校|医院|银行|党组|党委|政协)"
)
_AGENCY_TOKEN = rf"[{CJK}（）()]{{2,40}}?{_AGENCY_SUFFIX}"
_AGENCY_LINE_RE = re.compile(rf"^{_AGENCY_TOKEN}(?:\s+{_AGENCY_TOKEN})*$")

_DOCNO_CORE = (
    rf"(?P<prefix>[{CJK}]{{1,20}})\s*[\[〔(【]\s*(?P<year>(?:19|20)\d{{2}})\s*[\]〕)】]\s*"
    r"(?P<seq>第?\s*\d{1,6})\s*号"
)
_DOCNO_LINE_RE = re.compile(rf"^{_DOCNO_CORE}(?:\s+.{{0,40}}签发人.*)?$")
_DOCNO_ANY_RE = re.compile(_DOCNO_CORE)

_DATE_LINE_RE = re.compile(rf"^(?:{DATE_PATTERN}\s*)+$")
_AGENCY_DATE_LINE_RE = re.compile(rf"^(?P<agencies>{_AGENCY_TOKEN}(?:\s+{_AGENCY_TOKEN})*)\s+(?P<date>{DATE_PATTERN})$")
_PRINT_LINE_RE = re.compile(rf"(?P<date>{DATE_PATTERN})\s*印\s*发$")
_ATTACH_HEADING_RE = re.compile(r"^附\s*件\s*[0-9一二三四五六七八九十]{0,3}\s*[:：]?$")
_ATTACH_LIST_RE = re.compile(r"^附\s*件\s*[:：]\s*(?P<rest>.*)$")
_ITEM_RE = re.compile(r"^(?P<n>\d{1,2})\s*[.、]\s*(?P<text>.+)$")
_LETTERHEAD_RE = re.compile(rf"^(?P<agency>[{CJK}\s]{{2,40}})文件$")
_SENTENCE_PUNCT = re.compile(r"[,，。;；!！?？]")

# Disclosure-page metadata header (索引号 … 文号 …). Labels may be spaced ("索 引 号").
_LABELS = {
    "index": ("索引号",),
    "title": ("信息名称", "文件名称", "名称", "标题"),
    "number": ("发文文号", "发文字号", "文件编号", "文号"),
    "issuer": ("发文机构", "发文机关", "发文单位"),
    "publisher": ("发布机构", "发布单位", "所属机构"),
    "date": ("发文日期", "成文日期", "生成日期", "产生日期", "签发日期"),
    "published": ("发布日期", "发布时间", "公开日期"),
    "other": (
        "主题分类",
        "组配分类",
        "体裁分类",
        "分类",
        "公文时效",
        "有效性",
        "时效性",
        "公开方式",
        "公开形式",
        "公开范围",
        "公开时限",
        "关键词",
        "主题词",
        "内容概述",
        "效力状态",
    ),
}
_LABEL_KIND = {label: kind for kind, labels in _LABELS.items() for label in labels}
_LABEL_ALT = "|".join(r"\s*".join(label) for label in sorted(_LABEL_KIND, key=len, reverse=True))
_LABEL_RE = re.compile(rf"(?:^|(?<=\s))(?P<label>{_LABEL_ALT})\s*:")
_HEADER_LINE_RE = re.compile(rf"^(?:{_LABEL_ALT})\s*:")

# Site furniture of pasted web pages (checked on short lines only).
_CHROME_RE = re.compile(
    r"浏览次数|阅读次数|访问次数|点击(?:次)?数|访问量|字体大小|字号\s*:|字体\s*:|打印本页|打印本文|关闭窗口|关闭本页|"
    r"返回顶部|【\s*打印|打印\s*】|打印\s+保存|保存\s+收藏|加入收藏|设为首页|分享到|扫一扫|站点地图|网站地图|"
    r"ICP\s*备|公网安备|网站标识码|版权所有|技术支持\s*:|^主办\s*:|^承办\s*:|^协办\s*:|网络编辑\s*:|信息审核\s*:|"
    r"责任编辑\s*:|文章作者\s*:|文章来源\s*:|^来源\s*:.{0,60}(?:发布|时间|日期)|问题曝光台|当前位置\s*:|您现在的位置|"
    r"^首页\s*[>›»]|上一篇\s*:|下一篇\s*:|【\s*大\s*中\s*小\s*】|\[\s*大\s*中\s*小\s*\]|^相关链接|^阅读\s*:"
)
_FOOTER_START_RE = re.compile(r"关闭窗口|返回顶部|打印本页|打印本文|ICP\s*备|公网安备|网站标识码|版权所有|^主办\s*:")
_SITE_LINK_TOKEN = re.compile(r"(?:网站|网|门户)$")
_SHORT = 150

# --- result -------------------------------------------------------------------------------------


@dataclass
class Analysis:
    title: str | None = None
    document_number: str | None = None
    signing_date: dt.date | None = None
    date_source: str | None = None
    issuing_agency: str | None = None
    co_issuing_agencies: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    source_index_number: str | None = None
    publishing_agency: str | None = None
    source_date: dt.date | None = None
    source_published_on: dt.date | None = None
    dropped: set[int] = field(default_factory=set)
    chrome_lines: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Line:
    index: int  # position in the block list
    block: Block
    text: str  # stripped, NFKC-folded, for matching
    shown: str  # stripped, as displayed

    @property
    def is_para(self) -> bool:
        return isinstance(self.block, Para)


def normalise_document_number(text: str) -> str | None:
    """``铜政办发[2016]71号`` → ``铜政办发〔2016〕71号``; None if ``text`` holds no document number."""
    m = _DOCNO_ANY_RE.search(nfkc(text))
    if not m:
        return None
    seq = re.sub(r"\s+", "", m["seq"])
    return f"{m['prefix']}〔{m['year']}〕{seq}号"


def _agencies_of(text: str) -> list[str]:
    return [t for t in re.split(r"[\s、]+", text.strip()) if t]


def _is_agency_line(text: str) -> bool:
    return len(text) <= 80 and bool(_AGENCY_LINE_RE.match(text))


def _is_chrome(text: str) -> bool:
    if len(text) > _SHORT:
        return False
    if _CHROME_RE.search(text):
        return True
    tokens = text.split()
    return len(tokens) >= 2 and all(_SITE_LINK_TOKEN.search(t) for t in tokens)


# --- analysis -----------------------------------------------------------------------------------


def analyse(blocks: list[Block]) -> Analysis:
    result = Analysis()
    lines = [
        _Line(i, b, nfkc(b.text).strip(), b.text.strip())
        for i, b in enumerate(blocks)
        if b.text.strip() or not isinstance(b, Para)
    ]
    lines = _drop_chrome(lines, result)
    lines = _parse_header(lines, result)
    head_end = _head_end(lines)
    head = lines[:head_end]
    letterhead_agency = _letterhead(head, result)
    _document_number(head, result)
    _title(head, result)
    _drop_title_repeats(lines, head_end, result)
    main_end = _main_end(lines, head_end)
    _signature(lines, head_end, main_end, result)
    _attachments(lines, head_end, main_end, result)
    _fallbacks(lines, result, letterhead_agency)
    return result


def _drop_chrome(lines: list[_Line], result: Analysis) -> list[_Line]:
    kept = []
    for pos, line in enumerate(lines):
        if not line.is_para:
            kept.append(line)
            continue
        if _FOOTER_START_RE.search(line.text) and len(line.text) <= _SHORT:
            rest = lines[pos:]
            if all(r.is_para and len(r.text) <= _SHORT for r in rest):
                for r in rest:
                    result.dropped.add(r.index)
                result.chrome_lines += len(rest)
                return kept
        if _is_chrome(line.text):
            result.dropped.add(line.index)
            result.chrome_lines += 1
            continue
        kept.append(line)
    return kept


def _header_pairs(text: str) -> list[tuple[str, str]]:
    matches = list(_LABEL_RE.finditer(text))
    pairs = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[m.end() : end].strip().strip(";；").strip()
        pairs.append((re.sub(r"\s+", "", m["label"]), value))
    return pairs


def _table_header_text(table: Table) -> str:
    parts = []
    for row in table.rows:
        for cell in row:
            text = nfkc(cell.text).strip()
            bare = re.sub(r"\s+", "", text).rstrip(":")
            parts.append(f"{bare}:" if bare in _LABEL_KIND else text)
    return " ".join(parts)


def _parse_header(lines: list[_Line], result: Analysis) -> list[_Line]:
    """Read and drop a disclosure page's metadata header among the first lines."""
    values: dict[str, str] = {}
    kept = []
    for pos, line in enumerate(lines):
        pairs: list[tuple[str, str]] = []
        if pos < 12:
            if line.is_para and _HEADER_LINE_RE.match(line.text):
                pairs = _header_pairs(line.text)
            elif isinstance(line.block, Table):
                text = _table_header_text(line.block)
                found = _header_pairs(text)
                if len(found) >= 2 and _HEADER_LINE_RE.match(text):
                    pairs = found
        if not pairs:
            kept.append(line)
            continue
        result.dropped.add(line.index)
        for label, value in pairs:
            kind = _LABEL_KIND[label]
            if value and kind not in values:
                values[kind] = value
    if values.get("index"):
        result.source_index_number = values["index"]
    if values.get("title"):
        result.title = re.sub(r"\s+", "", values["title"])
    if values.get("number"):
        result.document_number = normalise_document_number(values["number"])
    publisher = values.get("publisher") or values.get("issuer")
    if publisher:
        result.publishing_agency = publisher.split()[0]
    if values.get("date"):
        result.source_date = parse_any_date(values["date"])
    if values.get("published"):
        result.source_published_on = parse_any_date(values["published"])
    return kept


def _is_body_start(line: _Line) -> bool:
    if not line.is_para:
        return True
    text = line.text
    if text.endswith(":") and len(text) <= 150 and not _ATTACH_LIST_RE.match(text):
        return True  # addressee (主送机关)
    return len(text) > 40 and bool(_SENTENCE_PUNCT.search(text)) and not _TITLE_RE.search(text)


def _head_end(lines: list[_Line]) -> int:
    for pos, line in enumerate(lines[:25]):
        if _is_body_start(line):
            return pos
    return min(len(lines), 25)


def _letterhead(head: list[_Line], result: Analysis) -> str | None:
    agency = None
    for line in head:
        m = _LETTERHEAD_RE.match(line.text)
        if m and line.is_para:
            result.dropped.add(line.index)
            agency = agency or re.sub(r"\s+", "", m["agency"])
    return agency


def _document_number(head: list[_Line], result: Analysis) -> None:
    for line in head:
        if not line.is_para or line.index in result.dropped:
            continue
        m = _DOCNO_LINE_RE.match(line.text)
        if m:
            result.dropped.add(line.index)
            if not result.document_number:
                result.document_number = normalise_document_number(line.text)


def _titleable(line: _Line, result: Analysis) -> bool:
    text = line.text
    return (
        line.is_para
        and line.index not in result.dropped
        and 1 <= len(text) <= 80
        and not _SENTENCE_PUNCT.search(text[-1])
        and not text.endswith(":")
        and not DATE_RE.search(text)
        and not _DOCNO_ANY_RE.search(text)
    )


def _title(head: list[_Line], result: Analysis) -> None:
    if result.title:
        return
    candidates = [line for line in head if _titleable(line, result)]
    # 1. A paragraph styled as title/heading 1 (possibly continued by the next styled ones).
    styled = [line for line in candidates if line.block.title_style]
    if styled:
        first = head.index(styled[0])
        joined = styled[0].shown
        for nxt in head[first + 1 : first + 4]:
            if _TITLE_RE.search(squash(joined)) or nxt not in styled:
                break
            joined += nxt.shown
        result.title = re.sub(r"\s+", "", joined)
        return
    # 2. "XX关于……的通知" over one to four consecutive short lines, the first being the agency or
    #    holding 关于; or a centred line ending with a document type.
    for start, line in enumerate(head):
        if line not in candidates:
            continue
        if not (_is_agency_line(line.text) or "关于" in line.text or line.block.centered):
            continue
        joined = ""
        for nxt in head[start : start + 4]:
            if nxt not in candidates:
                break
            joined += nxt.shown
            flat = squash(joined)
            if _TITLE_RE.search(flat) or (line.block.centered and _TYPE_END_RE.search(flat)):
                result.title = re.sub(r"\s+", "", joined)
                return


def _drop_title_repeats(lines: list[_Line], head_end: int, result: Analysis) -> None:
    if not result.title:
        return
    target = squash(result.title)
    zone = lines[: head_end + 2]
    for start in range(len(zone)):
        joined = ""
        for line in zone[start : start + 5]:
            if not line.is_para or line.index in result.dropped:
                break
            joined += squash(line.text)
            if joined == target:
                for dropped in zone[start : start + 5]:
                    result.dropped.add(dropped.index)
                    if dropped is line:
                        break
                break
            if not target.startswith(joined):
                break


def _main_end(lines: list[_Line], head_end: int) -> int:
    for pos in range(head_end, len(lines)):
        line = lines[pos]
        if line.is_para and _ATTACH_HEADING_RE.match(line.text):
            return pos
    return len(lines)


def _signature(lines: list[_Line], head_end: int, main_end: int, result: Analysis) -> None:
    last = None
    for pos in range(main_end - 1, head_end - 1, -1):
        line = lines[pos]
        if line.is_para and (_DATE_LINE_RE.match(line.text) or _AGENCY_DATE_LINE_RE.match(line.text)):
            last = pos
            break
    if last is None:
        return
    # The signature block: date lines and agency lines just above the last date line.
    first = last
    while first - 1 >= head_end and first - 1 >= last - 6:
        prev = lines[first - 1]
        if prev.is_para and (
            _DATE_LINE_RE.match(prev.text) or _AGENCY_DATE_LINE_RE.match(prev.text) or _is_agency_line(prev.text)
        ):
            first -= 1
        else:
            break
    dates: list[dt.date] = []
    agencies: list[str] = []
    for line in lines[first : last + 1]:
        combined = _AGENCY_DATE_LINE_RE.match(line.text)
        if combined:
            agencies += _agencies_of(combined["agencies"])
        elif _is_agency_line(line.text):
            agencies += _agencies_of(line.text)
        dates += [d for m in DATE_RE.finditer(line.text) if (d := parse_cn_date(m))]
    if dates:
        result.signing_date = max(dates)  # SPEC R2.2: co-signed → the last (latest) signing date
        result.date_source = "signature"
    if agencies:
        result.issuing_agency = agencies[0]
        result.co_issuing_agencies = [a for a in agencies[1:] if a != agencies[0]]


def _clean_item(text: str) -> str:
    return text.strip().rstrip(";；。,，.、").strip()


def _attachments(lines: list[_Line], head_end: int, main_end: int, result: Analysis) -> None:
    for pos in range(head_end, main_end):
        line = lines[pos]
        m = _ATTACH_LIST_RE.match(line.text) if line.is_para else None
        if not m:
            continue
        items: list[str] = []
        rest = m["rest"].strip()
        if rest:
            item = _ITEM_RE.match(rest)
            items.append(item["text"] if item else rest)
        for nxt in lines[pos + 1 : main_end]:
            if items and items[-1].rstrip().endswith(("。",)):
                break
            if not nxt.is_para:
                break
            item = _ITEM_RE.match(nxt.text)
            if item:
                items.append(item["text"])
                continue
            if (
                items
                and not items[-1].rstrip().endswith((";", "；"))
                and len(nxt.text) <= 60
                and not _is_agency_line(nxt.text)
                and not DATE_RE.search(nxt.text)
            ):
                items[-1] += nxt.text
                continue
            break
        result.attachments = [c for c in (_clean_item(i) for i in items) if c]
        return


def _fallbacks(lines: list[_Line], result: Analysis, letterhead_agency: str | None) -> None:
    # Date: the page header's 发文日期, else the 印发 line of the 版记.
    if result.signing_date and result.source_date and result.signing_date != result.source_date:
        result.warnings.append(
            _("落款日期（%(sign)s）与页面标注的发文日期（%(page)s）不一致，已采用落款日期，请核对。")
            % {"sign": result.signing_date.isoformat(), "page": result.source_date.isoformat()}
        )
    if not result.signing_date and result.source_date:
        result.signing_date = result.source_date
        result.date_source = "header"
        result.warnings.append(_("未找到落款日期，产生时间取自页面标注的发文日期，请核对。"))
    if not result.signing_date:
        for line in reversed(lines):
            m = _PRINT_LINE_RE.search(line.text) if line.is_para else None
            if m and (d := parse_cn_date(DATE_RE.search(m["date"]))):
                result.signing_date = d
                result.date_source = "print"
                result.warnings.append(_("未找到落款日期，产生时间取自版记的印发日期，请核对。"))
                break
    if not result.signing_date:
        result.warnings.append(_("未识别到落款日期，请手工填写产生时间。"))
    # Agency: the title's "XX关于", else the letterhead, else the page's publishing agency.
    if not result.issuing_agency and result.title and "关于" in result.title:
        prefix = result.title.split("关于", 1)[0]
        agencies = _agencies_of(prefix)
        if agencies and all(_is_agency_line(a) for a in agencies):
            result.issuing_agency = agencies[0]
            result.co_issuing_agencies = agencies[1:]
    if not result.issuing_agency and letterhead_agency:
        result.issuing_agency = letterhead_agency
    if not result.issuing_agency and result.publishing_agency:
        result.issuing_agency = result.publishing_agency
        result.warnings.append(_("发文机关取自页面标注的发布机构，请核对。"))
    if not result.issuing_agency:
        result.warnings.append(_("未识别到发文机关，请手工填写。"))
    if not result.title:
        result.warnings.append(_("未识别到标题，请手工填写信息名称。"))
    if not result.document_number:
        result.warnings.append(_("未识别到文号（文件编号），如有请手工填写。"))
