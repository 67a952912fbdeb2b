"""Reply types (SPEC R4.4): exactly the rows of table 三 of the annual report, plus
"already published (say where)", which the report counts as 予以公开 (条例 art. 36(1)).

Each requested item gets one reply type. The application's overall outcome (one row of the
report, since the report counts applications) follows from its items by ``overall_outcome``:

1. all items disclosed (予以公开 or already published)        → 予以公开;
2. any item partly disclosed, or some items disclosed and others not
   (区分处理: "只计这一情形，不计其他情形")                       → 部分公开;
3. nothing disclosed                                          → the first of the items' rows in
   the report's own order (不予公开 grounds, then 无法提供, 不予处理, 其他处理).

Applications ended without a reply map to rows of （六）其他处理: no supplement in time (1),
fee not paid in time (2), withdrawn (3 其他). An application told to go to the competent
agency (条例 art. 36(5)) counts as 无法提供 · 本机关不掌握相关政府信息.
"""

from __future__ import annotations

from dataclasses import dataclass

FOI = "《中华人民共和国政府信息公开条例》"


@dataclass(frozen=True)
class ReplyType:
    key: str  # stored on each item
    row: str  # the annual report row it counts in
    group: str  # the row group （一）…（六）
    label: str
    basis: str  # the legal basis cited in the letter
    text: str  # the decision sentence of the letter ({where} = published where)
    selectable: bool = True  # offered to staff as an item decision


@dataclass(frozen=True)
class ReportRow:
    key: str
    group: str
    label: str  # as printed in the report


# The rows of section 三 （一）–（六）, in the report's order (annual-report-format.md).
ROWS: list[ReportRow] = [
    ReportRow("disclose", "一", "（一）予以公开"),
    ReportRow("partial", "二", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ReportRow("withhold.state_secret", "三", "1.属于国家秘密"),
    ReportRow("withhold.law_prohibited", "三", "2.其他法律行政法规禁止公开"),
    ReportRow("withhold.security", "三", "3.危及“三安全一稳定”"),
    ReportRow("withhold.third_party", "三", "4.保护第三方合法权益"),
    ReportRow("withhold.internal", "三", "5.属于三类内部事务信息"),
    ReportRow("withhold.process", "三", "6.属于四类过程性信息"),
    ReportRow("withhold.enforcement", "三", "7.属于行政执法案卷"),
    ReportRow("withhold.query", "三", "8.属于行政查询事项"),
    ReportRow("cannot.not_held", "四", "1.本机关不掌握相关政府信息"),
    ReportRow("cannot.needs_creation", "四", "2.没有现成信息需要另行制作"),
    ReportRow("cannot.unclear", "四", "3.补正后申请内容仍不明确"),
    ReportRow("not_processed.petition", "五", "1.信访举报投诉类申请"),
    ReportRow("not_processed.repeat", "五", "2.重复申请"),
    ReportRow("not_processed.publication", "五", "3.要求提供公开出版物"),
    ReportRow("not_processed.mass", "五", "4.无正当理由大量反复申请"),
    ReportRow("not_processed.confirm", "五", "5.要求行政机关确认或重新出具已获取信息"),
    ReportRow("other.no_supplement", "六", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ReportRow("other.no_fee", "六", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ReportRow("other.other", "六", "3.其他"),
]
ROW_ORDER = {row.key: i for i, row in enumerate(ROWS)}
GROUP_LABELS = {
    "三": "（三）不予公开",
    "四": "（四）无法提供",
    "五": "（五）不予处理",
    "六": "（六）其他处理",
}

_T = ReplyType
REPLY_TYPES: list[ReplyType] = [
    _T(
        "already_published",
        "disclose",
        "一",
        "已主动公开（告知获取途径）",
        f"{FOI}第三十六条第（一）项",
        "您申请公开的信息已经主动公开，可通过以下途径获取：{where}。",
    ),
    _T(
        "disclose",
        "disclose",
        "一",
        "予以公开",
        f"{FOI}第三十六条第（二）项",
        "您申请公开的信息属于可以公开的政府信息，现予以提供（见附件或按您选择的方式获取）。",
    ),
    _T(
        "partial",
        "partial",
        "二",
        "部分公开",
        f"{FOI}第三十七条",
        "您申请公开的信息中含有不应当公开的内容，但能够作区分处理，现提供可以公开的部分，不予公开的部分及理由说明如下：{reason}。",
    ),
    _T(
        "withhold.state_secret",
        "withhold.state_secret",
        "三",
        "不予公开 · 属于国家秘密",
        f"{FOI}第十四条、第三十六条第（三）项",
        "您申请公开的信息依法确定为国家秘密，不予公开。",
    ),
    _T(
        "withhold.law_prohibited",
        "withhold.law_prohibited",
        "三",
        "不予公开 · 其他法律行政法规禁止公开",
        f"{FOI}第十四条、第三十六条第（三）项",
        "您申请公开的信息属于法律、行政法规禁止公开的政府信息，不予公开。{reason}",
    ),
    _T(
        "withhold.security",
        "withhold.security",
        "三",
        "不予公开 · 危及“三安全一稳定”",
        f"{FOI}第十四条、第三十六条第（三）项",
        "您申请公开的信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，不予公开。",
    ),
    _T(
        "withhold.third_party",
        "withhold.third_party",
        "三",
        "不予公开 · 保护第三方合法权益",
        f"{FOI}第十五条、第三十六条第（三）项",
        "您申请公开的信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，不予公开。{reason}",
    ),
    _T(
        "withhold.internal",
        "withhold.internal",
        "三",
        "不予公开 · 属于三类内部事务信息",
        f"{FOI}第十六条第一款、第三十六条第（三）项",
        "您申请公开的信息属于行政机关的内部事务信息，不予公开。",
    ),
    _T(
        "withhold.process",
        "withhold.process",
        "三",
        "不予公开 · 属于四类过程性信息",
        f"{FOI}第十六条第二款、第三十六条第（三）项",
        "您申请公开的信息属于行政机关在履行行政管理职能过程中形成的过程性信息，不予公开。",
    ),
    _T(
        "withhold.enforcement",
        "withhold.enforcement",
        "三",
        "不予公开 · 属于行政执法案卷",
        f"{FOI}第十六条第二款、第三十六条第（三）项",
        "您申请公开的信息属于行政执法案卷信息，不予公开。",
    ),
    _T(
        "withhold.query",
        "withhold.query",
        "三",
        "不予公开 · 属于行政查询事项",
        f"{FOI}第三十六条第（七）项",
        "您申请公开的信息属于有关法律、行政法规对信息获取有特别规定的查询事项，请依照有关规定办理：{reason}。",
    ),
    _T(
        "cannot.not_held",
        "cannot.not_held",
        "四",
        "无法提供 · 本机关不掌握相关政府信息",
        f"{FOI}第三十六条第（四）项、第（五）项",
        "经检索，本机关未制作或获取您申请公开的信息。{reason}",
    ),
    _T(
        "cannot.needs_creation",
        "cannot.needs_creation",
        "四",
        "无法提供 · 没有现成信息需要另行制作",
        f"{FOI}第三十八条",
        "您申请公开的信息需要本机关对现有政府信息进行加工、分析，本机关不予提供。",
    ),
    _T(
        "cannot.unclear",
        "cannot.unclear",
        "四",
        "无法提供 · 补正后申请内容仍不明确",
        f"{FOI}第三十条",
        "经告知补正后，您的申请内容仍不明确，本机关无法提供。",
    ),
    _T(
        "not_processed.petition",
        "not_processed.petition",
        "五",
        "不予处理 · 信访举报投诉类申请",
        f"{FOI}第三十九条第一款",
        "您以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，您可通过相应渠道提出。",
    ),
    _T(
        "not_processed.repeat",
        "not_processed.repeat",
        "五",
        "不予处理 · 重复申请",
        f"{FOI}第三十六条第（六）项",
        "本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同政府信息，本机关不予重复处理。{reason}",
    ),
    _T(
        "not_processed.publication",
        "not_processed.publication",
        "五",
        "不予处理 · 要求提供公开出版物",
        f"{FOI}第三十九条第二款",
        "您申请的是政府公报、报刊、书籍等公开出版物，可通过以下途径获取：{where}。",
    ),
    _T(
        "not_processed.mass",
        "not_processed.mass",
        "五",
        "不予处理 · 无正当理由大量反复申请",
        f"{FOI}第三十五条",
        "您申请公开政府信息的数量、频次明显超过合理范围，经要求说明理由，本机关认为申请理由不合理，不予处理。",
    ),
    _T(
        "not_processed.confirm",
        "not_processed.confirm",
        "五",
        "不予处理 · 要求行政机关确认或重新出具已获取信息",
        f"{FOI}第二条",
        "您的申请是要求本机关确认或重新出具已获取的信息，不属于申请获取政府信息，本机关不作为政府信息公开申请处理。",
    ),
    _T(
        "other.other",
        "other.other",
        "六",
        "其他处理",
        f"{FOI}第三十六条",
        "{reason}",
    ),
    # Applied by transitions, never chosen for an item.
    _T(
        "other.no_supplement",
        "other.no_supplement",
        "六",
        "逾期不补正，不再处理",
        f"{FOI}第三十条",
        "您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
        selectable=False,
    ),
    _T(
        "other.no_fee",
        "other.no_fee",
        "六",
        "逾期未缴费，不再处理",
        "国办函〔2020〕109号《政府信息公开信息处理费管理办法》",
        "您逾期未按收费通知要求缴纳费用，视为放弃申请，本机关不再处理该政府信息公开申请。",
        selectable=False,
    ),
]
REPLY_TYPE_BY_KEY = {t.key: t for t in REPLY_TYPES}
# Reply types whose letter must say where the information is published.
NEEDS_WHERE = frozenset({"already_published", "not_processed.publication"})
# Reply types that must carry a reason or explanation.
NEEDS_REASON = frozenset({"partial", "withhold.query", "other.other"})
DISCLOSED = frozenset({"already_published", "disclose"})


def selectable_choices() -> list[tuple[str, str]]:
    return [(t.key, t.label) for t in REPLY_TYPES if t.selectable]


def reply_type(key: str) -> ReplyType | None:
    return REPLY_TYPE_BY_KEY.get(key)


def overall_outcome(item_types: list[str]) -> str:
    """The report row of an application from its items' reply types (see the module docstring)."""
    if not item_types:
        raise ValueError("an application has at least one requested item")
    rows = [REPLY_TYPE_BY_KEY[t].row for t in item_types]
    disclosed = [t in DISCLOSED for t in item_types]
    if all(disclosed):
        return "disclose"
    if "partial" in rows or any(disclosed):
        return "partial"
    return min(rows, key=lambda r: ROW_ORDER[r])


def row_label(key: str) -> str:
    for row in ROWS:
        if row.key == key:
            return row.label
    return key
