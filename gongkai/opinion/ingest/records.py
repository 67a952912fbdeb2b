"""One incoming record, checked: the common shape of the JSON API, file rows and feed entries.

``parse_record(data)`` turns a mapping into an ``Incoming`` or raises ``RecordError`` with the
reason in Chinese; ``parse_records(rows)`` does a list and returns the good ones and the rejected
ones with their index and reason, so one bad record never stops the rest.

Fields (English keys; the file importer maps vendors' Chinese column headers onto them):

==================  =====================================================================
``id``              external id, required, unique per source (``external_id`` also accepted)
``kind``            post / comment / repost / news / case (or 原帖 评论 转发 新闻 来电 来信 …)
``text``            the text as received (``content`` also accepted); text or title required
``title``           headline (news, forum threads)
``author``          display name; ``author_id`` the platform's user id
``published_at``    ISO 8601, ``YYYY-MM-DD HH:MM[:SS]`` (Beijing time unless an offset is given),
                    epoch seconds or milliseconds, or Weibo's ``Tue Sep 11 19:23:20 +0800 2012``
``url``             http(s) link
``reposts`` ``comments`` ``likes`` ``views``  non-negative counts (``1.2万`` accepted)
``parent_id``       the post this one replies to or reposts (a repost chain's previous link)
``repost_of``       the original post of the chain
==================  =====================================================================

Anything else is kept in ``extra`` (at most ``MAX_EXTRA_KEYS`` keys of short values).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo

from gongkai.core.errors import ValidationFailed

from ..enums import PostKind

BEIJING = ZoneInfo("Asia/Shanghai")
MAX_TEXT_CHARS = 100_000
MAX_ID_CHARS = 200
MAX_EXTRA_KEYS = 20
# Earliest and latest plausible publication times (a typo like 0202 or 2220 is rejected).
MIN_YEAR, MAX_YEAR = 1990, 2100

KIND_ALIASES = {
    "post": PostKind.POST,
    "weibo": PostKind.POST,
    "原帖": PostKind.POST,
    "原创": PostKind.POST,
    "帖子": PostKind.POST,
    "主帖": PostKind.POST,
    "微博": PostKind.POST,
    "comment": PostKind.COMMENT,
    "reply": PostKind.COMMENT,
    "评论": PostKind.COMMENT,
    "回复": PostKind.COMMENT,
    "跟帖": PostKind.COMMENT,
    "repost": PostKind.REPOST,
    "retweet": PostKind.REPOST,
    "share": PostKind.REPOST,
    "转发": PostKind.REPOST,
    "news": PostKind.NEWS,
    "article": PostKind.NEWS,
    "新闻": PostKind.NEWS,
    "报道": PostKind.NEWS,
    "文章": PostKind.NEWS,
    "case": PostKind.CASE,
    "来电": PostKind.CASE,
    "来信": PostKind.CASE,
    "工单": PostKind.CASE,
    "留言": PostKind.CASE,
}

FIELD_ALIASES = {
    "external_id": "id",
    "mid": "id",
    "content": "text",
    "body": "text",
    "published": "published_at",
    "time": "published_at",
    "date": "published_at",
    "link": "url",
    "parent": "parent_id",
    "parent_external_id": "parent_id",
    "root_id": "repost_of",
    "repost_of_id": "repost_of",
    "repost_of_external_id": "repost_of",
    "user": "author",
    "uid": "author_id",
}
KNOWN = {
    "id",
    "kind",
    "text",
    "title",
    "author",
    "author_id",
    "published_at",
    "url",
    "reposts",
    "comments",
    "likes",
    "views",
    "parent_id",
    "repost_of",
}


class RecordError(ValidationFailed):
    code = "bad_record"


@dataclass
class Incoming:
    external_id: str
    kind: str = ""
    text: str = ""
    title: str = ""
    author: str = ""
    author_id: str = ""
    published_at: dt.datetime | None = None
    url: str = ""
    reposts: int = 0
    comments: int = 0
    likes: int = 0
    views: int = 0
    parent_id: str = ""
    repost_of: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Rejected:
    index: int  # 0-based position in the batch (files: the line or row number)
    reason: str
    external_id: str = ""

    def as_dict(self, key: str = "index") -> dict[str, Any]:
        out: dict[str, Any] = {key: self.index, "reason": self.reason}
        if self.external_id:
            out["id"] = self.external_id
        return out


def _text(value: Any, label: str, limit: int) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise RecordError(f"{label}应为文字。")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise RecordError(f"{label}应为文字。")
        value = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if not isinstance(value, str):
        raise RecordError(f"{label}应为文字。")
    if "\x00" in value:
        raise RecordError(f"{label}含有不允许的控制字符。")
    if len(value) > limit:
        raise RecordError(f"{label}过长（{len(value)} 个字符，上限 {limit}）。")
    return value


_COUNT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(万|w|W|千|k|K|亿)?\s*\+?\s*$")
_MULT = {"万": 10_000, "w": 10_000, "W": 10_000, "千": 1_000, "k": 1_000, "K": 1_000, "亿": 100_000_000}
COUNT_LABELS = {"reposts": "转发数", "comments": "评论数", "likes": "点赞数", "views": "阅读数"}


def _count(value: Any, name: str) -> int:
    label = COUNT_LABELS[name]
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise RecordError(f"{label}应为非负整数。")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise RecordError(f"{label}应为非负整数。")
        number = int(value)
    elif isinstance(value, str):
        m = _COUNT.match(value.replace(",", ""))
        if not m:
            raise RecordError(f"{label}“{value[:20]}”不是有效的数字。")
        number = int(float(m.group(1)) * _MULT.get(m.group(2) or "", 1))
    else:
        raise RecordError(f"{label}应为非负整数。")
    if number < 0:
        raise RecordError(f"{label}不能为负数。")
    cap = 2**63 - 1 if name == "views" else 2**31 - 1
    return min(number, cap)


_WEIBO_TIME = re.compile(r"^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{4}) (\d{4})$")
_MONTHS = {
    m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)
}
_CN_TIME = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(?:(\d{1,2})[:时：](\d{1,2})(?:[:分：](\d{1,2})秒?)?)?$")


def parse_time(value: Any) -> dt.datetime | None:
    """An aware datetime from the formats in the module docstring; RecordError when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        result = value if value.tzinfo else value.replace(tzinfo=BEIJING)
    elif isinstance(value, bool):
        raise RecordError("发布时间格式无法识别。")
    elif isinstance(value, int | float):
        if not math.isfinite(value):
            raise RecordError("发布时间格式无法识别。")
        seconds = value / 1000 if value > 1e11 else value
        try:
            result = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
        except (OverflowError, OSError, ValueError):
            raise RecordError("发布时间超出范围。") from None
    elif isinstance(value, str):
        text = value.strip()
        result = None
        try:
            parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("/", "-"))
            result = parsed if parsed.tzinfo else parsed.replace(tzinfo=BEIJING)
        except ValueError:
            pass
        if result is None and text.isdigit():
            return parse_time(int(text))
        if result is None:
            m = _WEIBO_TIME.match(text)
            if m and m.group(1) in _MONTHS:
                off = int(m.group(6))
                tz = dt.timezone(dt.timedelta(hours=abs(off) // 100, minutes=abs(off) % 100) * (1 if off >= 0 else -1))
                try:
                    result = dt.datetime(
                        int(m.group(7)), _MONTHS[m.group(1)], int(m.group(2)),
                        int(m.group(3)), int(m.group(4)), int(m.group(5)), tzinfo=tz,
                    )  # fmt: skip
                except ValueError:
                    result = None
        if result is None:
            m = _CN_TIME.match(text)
            if m:
                try:
                    result = dt.datetime(
                        int(m.group(1)), int(m.group(2)), int(m.group(3)),
                        int(m.group(4) or 0), int(m.group(5) or 0), int(m.group(6) or 0), tzinfo=BEIJING,
                    )  # fmt: skip
                except ValueError:
                    result = None
        if result is None:
            try:
                parsed = parsedate_to_datetime(text)  # RSS: "Tue, 10 Jun 2003 04:00:00 GMT"
                result = parsed if parsed.tzinfo else parsed.replace(tzinfo=BEIJING)
            except (TypeError, ValueError, IndexError):
                result = None
        if result is None:
            raise RecordError(f"发布时间“{text[:40]}”格式无法识别。")
    else:
        raise RecordError("发布时间格式无法识别。")
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise RecordError(f"发布时间的年份 {result.year} 不合理。")
    return result


def parse_record(data: Any) -> Incoming:
    """Check one record (see the module docstring); raises RecordError with the reason."""
    if not isinstance(data, Mapping):
        raise RecordError("记录应为 JSON 对象。")
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str):
            continue
        name = FIELD_ALIASES.get(key, key)
        if name in KNOWN:
            if name not in values or values[name] in (None, ""):
                values[name] = value
        elif len(extra) < MAX_EXTRA_KEYS and isinstance(value, str | int | float | bool) and value is not None:
            extra[key[:50]] = value[:500] if isinstance(value, str) else value
    external_id = _text(values.get("id"), "外部编号（id）", MAX_ID_CHARS).strip()
    if not external_id:
        raise RecordError("缺少外部编号（id）。")
    text = _text(values.get("text"), "正文（text）", MAX_TEXT_CHARS)
    title = _text(values.get("title"), "标题（title）", 300).strip()
    if not text.strip() and not title:
        kind_raw = values.get("kind")
        # A bare repost (no comment) is a record without text: it still counts towards the spread.
        if KIND_ALIASES.get(str(kind_raw).strip().lower() if kind_raw else "") != PostKind.REPOST:
            raise RecordError("正文（text）和标题（title）不能都为空。")
    kind = ""
    raw_kind = values.get("kind")
    if raw_kind not in (None, ""):
        if not isinstance(raw_kind, str) or raw_kind.strip().lower() not in KIND_ALIASES:
            raise RecordError(f"内容类型“{str(raw_kind)[:20]}”无效（可用：post、comment、repost、news、case）。")
        kind = KIND_ALIASES[raw_kind.strip().lower()]
    url = _text(values.get("url"), "链接（url）", 1000).strip()
    if url and not url.lower().startswith(("http://", "https://")):
        raise RecordError("链接（url）应以 http:// 或 https:// 开头。")
    parent = _text(values.get("parent_id"), "上级内容编号（parent_id）", MAX_ID_CHARS).strip()
    root = _text(values.get("repost_of"), "原帖编号（repost_of）", MAX_ID_CHARS).strip()
    if parent == external_id or root == external_id:
        raise RecordError("内容不能转发或回复它自己。")
    return Incoming(
        external_id=external_id,
        kind=kind,
        text=text,
        title=title,
        author=_text(values.get("author"), "作者（author）", 200).strip(),
        author_id=_text(values.get("author_id"), "作者编号（author_id）", 100).strip(),
        published_at=parse_time(values.get("published_at")),
        url=url,
        reposts=_count(values.get("reposts"), "reposts"),
        comments=_count(values.get("comments"), "comments"),
        likes=_count(values.get("likes"), "likes"),
        views=_count(values.get("views"), "views"),
        parent_id=parent,
        repost_of=root,
        extra=extra,
    )


def parse_records(rows: Iterable[Any], *, start: int = 0) -> tuple[list[tuple[int, Incoming]], list[Rejected]]:
    """The good records with their position, and the rejected ones with position and reason."""
    good: list[tuple[int, Incoming]] = []
    bad: list[Rejected] = []
    for i, row in enumerate(rows, start=start):
        try:
            good.append((i, parse_record(row)))
        except RecordError as exc:
            ext = ""
            if isinstance(row, Mapping):
                raw = row.get("id", row.get("external_id"))
                ext = str(raw)[:MAX_ID_CHARS] if isinstance(raw, str | int) and not isinstance(raw, bool) else ""
            bad.append(Rejected(i, exc.message, ext))
    return good, bad
