"""Word reports of public opinion (004 附件8 二(二): "通过网络舆情日志、舆情专报等，及时发现、及时预警、及时反馈").

- ``daily_log(user, day)``: the daily opinion log (舆情日志) of one day, over the events the user sees.
- ``special_report(event)``: a special report (专报) on one event: what happened, the judgement and
  its reasons, routing, clocks, responses, rumour leads, consultations and feedback.

Both return the bytes of a .docx laid out as a Chinese official document (GB/T 9704-2012, through
``gongkai.core.documents``), with the issuing unit as author and the Chinese labels of every code
(source kinds, categories, levels, states). These are internal documents (they contain monitoring
data) and are served to signed-in staff only.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.core import clock, documents
from gongkai.opinion.enums import LEVEL_MEANING, LEVEL_SHORT, RAISED_LEVELS, SourceKind
from gongkai.opinion.models import EventLevelChange
from gongkai.opinion.nlp.categories import LABELS as CATEGORY_LABELS
from gongkai.opinion.response_models import EventAssignment, OpinionResponse, ResponseClock
from gongkai.orgs.models import RoleAssignment

from . import permissions
from .enums import ClockOutcome, ResponseStatus
from .routing import event_agencies, event_regions
from .selectors import assignments_for, clocks_for, event_list_visible_to, local

# Used when the user holds no role in a unit (a system administrator): the documents still name an author.
DEFAULT_AUTHOR = "政务舆情工作机构"


def issuing_unit_name(user) -> str:
    """The unit that issues a document the user generates: a coordinating unit of the user first."""
    rows = list(
        RoleAssignment.objects.filter(user=user, agency__isnull=False)
        .select_related("agency")
        .order_by("agency__kind", "agency__name")
    )
    rows.sort(key=lambda ra: ra.role not in permissions.COORDINATING_ROLES)
    return rows[0].agency.name if rows else DEFAULT_AUTHOR


def _heading(doc, text: str) -> None:
    documents.add_heading(doc, text, level=1)


def _para(doc, text: str = "") -> None:
    documents.add_paragraph(doc, text)


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    documents.add_table(doc, header, rows)


def _level(level: str) -> str:
    return f"{LEVEL_SHORT.get(level, level)}（{LEVEL_MEANING.get(level, '')}）"


def _source_kind(kind: str) -> str:
    try:
        return SourceKind(kind).label
    except ValueError:
        return "其他来源"


def _category(category: str) -> str:
    return CATEGORY_LABELS.get(category, "其他") if category else "—"


def _units(event) -> str:
    names = [r.name for r in event_regions(event)] + [a.name for a in event_agencies(event)]
    return "、".join(names) or "—"


def _day_rows(user, day: dt.date) -> tuple[list, list, list, list, list]:
    """The day's rows the user may see: new events, level changes, routings, published responses
    and the response clocks overdue at the end of the day."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = start + dt.timedelta(days=1)
    visible = event_list_visible_to(user)
    new_events = list(visible.filter(first_seen_at__gte=start, first_seen_at__lt=end).order_by("first_seen_at", "id"))
    changes = list(
        EventLevelChange.objects.filter(event__in=visible, changed_at__gte=start, changed_at__lt=end)
        .select_related("event")
        .order_by("changed_at", "id")
    )
    routed = list(
        EventAssignment.objects.filter(event__in=visible, created_at__gte=start, created_at__lt=end)
        .select_related("event", "agency")
        .order_by("created_at", "id")
    )
    published = list(
        OpinionResponse.objects.filter(
            event__in=visible, status=ResponseStatus.PUBLISHED, published_at__gte=start, published_at__lt=end
        )
        .select_related("event", "agency")
        .order_by("published_at", "id")
    )
    overdue = list(
        ResponseClock.objects.filter(event__in=visible, outcome=ClockOutcome.OPEN, deadline__due_at__lt=end)
        .select_related("event", "agency", "deadline")
        .order_by("deadline__due_at", "id")
    )
    return new_events, changes, routed, published, overdue


def daily_log(user, day: dt.date) -> bytes:
    # The log's sections 一 to 五 in page order, each with its rows (the queries are in ``_day_rows``).
    new_events, changes, routed, published, overdue = _day_rows(user, day)
    raised = [c for c in changes if c.to_level in RAISED_LEVELS]
    author = issuing_unit_name(user)
    doc = documents.official_document(agency=author, title="网络舆情日志", subject=documents.cn_date(day))
    documents.add_paragraph(doc, f"{documents.cn_date(day)}（生成时间 {local(clock.now())}）", align="center")
    _heading(doc, "一、概况")
    _para(
        doc,
        f"当日新发现舆情事件 {len(new_events)} 件，预警级别调整 {len(changes)} 次（其中橙色、红色预警 {len(raised)} 次），"
        f"交办 {len(routed)} 个单位次，发布回应 {len(published)} 条；截至当日 24 时逾期未完成的回应时限 {len(overdue)} 项。",
    )
    _heading(doc, "二、新发现舆情")
    _table(
        doc,
        ["首次发现", "事件", "预警级别", "声量（条）", "涉及地区和单位"],
        [[local(e.first_seen_at), e.title, _level(e.level), str(e.volume), _units(e)] for e in new_events],
    )
    _heading(doc, "三、预警级别变化")
    _table(
        doc,
        ["时间", "事件", "级别变化", "理由"],
        [
            [
                local(c.changed_at),
                c.event.title,
                f"{_level(c.from_level) if c.from_level else '—'} → {_level(c.to_level)}",
                c.reason,
            ]
            for c in changes
        ],
    )
    _heading(doc, "四、交办与回应")
    _table(
        doc,
        ["时间", "事件", "单位", "职责", "状态"],
        [
            [local(a.created_at), a.event.title, a.agency.name, a.get_role_display(), a.get_status_display()]
            for a in routed
        ],
    )
    _para(doc)
    _table(
        doc,
        ["发布时间", "事件", "发布单位", "形式", "标题"],
        [[local(r.published_at), r.event.title, r.agency.name, r.get_kind_display(), r.title] for r in published],
    )
    _heading(doc, "五、逾期未完成")
    _table(
        doc,
        ["到期时间", "事件", "事项", "责任单位", "依据"],
        [
            [
                local(c.deadline.due_at),
                c.event.title,
                f"{c.get_obligation_display()}（{c.deadline.amount}小时）",
                c.agency.name,
                c.deadline.citation,
            ]
            for c in overdue
        ],
    )
    documents.add_signature(doc, agency=author, on=clock.today())
    return documents.to_bytes(doc)


def special_report(
    event,
    *,
    kind_label: str = "舆情专报",
    number: str = "",
    issuer: str = "",
    recipients=(),
    note: str = "",
    user=None,
) -> bytes:
    """The report on one event; when issued (``oversight.report_issue``) it carries its number,
    issuing unit, the units it goes to and the issuer's note and suggestions. Not issued, its author
    is the unit of ``user`` (who generates it)."""
    # The report's parts in the order of the official layout: masthead, recipients, note, then
    # sections 一 to 八 (three helpers below) and the signature.
    author = issuer or (issuing_unit_name(user) if user is not None else DEFAULT_AUTHOR)
    # GB/T 9704-2012: the kind (舆情专报/专报/快报/简报) as the masthead, the issuer and number (期号) as the
    # 文号 line, the event as the title.
    doc = documents.official_document(
        agency=author,
        masthead=kind_label,
        doc_number=f"{issuer}　　{number}".strip() if (number or issuer) else "",
        title=event.title,
        subject=kind_label,
    )
    documents.add_paragraph(doc, f"（生成时间 {local(clock.now())}）", align="center")
    if recipients:
        documents.add_paragraph(doc, f"送：{'、'.join(recipients)}", indent=False)
    if note:
        _heading(doc, "报送说明与处置建议")
        for line in note.splitlines():
            if line.strip():
                _para(doc, line.strip())
    _report_situation(doc, event)
    _report_handling(doc, event)
    _report_follow_up(doc, event)
    documents.add_signature(doc, agency=author, on=clock.today())
    return documents.to_bytes(doc)


def _report_situation(doc, event) -> None:
    """Sections 一 (the event's figures) and 二 (judgement and warning level history)."""
    _heading(doc, "一、基本情况")
    platforms = "、".join(f"{_source_kind(k)} {v} 条" for k, v in (event.platforms or {}).items()) or "—"
    _para(
        doc,
        f"首次发现：{local(event.first_seen_at)}；最近发现：{local(event.last_seen_at)}。"
        f"声量 {event.volume} 条（非重复 {event.original_count} 条），媒体报道 {event.media_count} 条，平台分布：{platforms}。",
    )
    _para(
        doc,
        f"负面 {event.negative_count} 条、中性 {event.neutral_count} 条、正面 {event.positive_count} 条；"
        f"类别：{_category(event.category)}；关键词：{'、'.join(map(str, event.keywords or [])) or '—'}。",
    )
    _para(doc, f"涉及地区和单位：{_units(event)}。")
    _heading(doc, "二、研判与预警")
    _para(doc, f"当前预警级别：{_level(event.level)}。理由：{event.level_reason or '—'}")
    _table(
        doc,
        ["时间", "级别变化", "方式", "理由"],
        [
            [
                local(c.changed_at),
                f"{_level(c.from_level) if c.from_level else '—'} → {_level(c.to_level)}",
                c.get_kind_display(),
                c.reason,
            ]
            for c in event.level_changes.order_by("changed_at", "id")
        ],
    )


def _report_handling(doc, event) -> None:
    """Sections 三 (routing), 四 (response clocks) and 五 (responses)."""
    _heading(doc, "三、交办情况")
    _table(
        doc,
        ["单位", "职责", "状态", "认领", "交办依据"],
        [
            [
                a.agency.name,
                a.get_role_display(),
                a.get_status_display(),
                f"{a.claimed_by or '—'} {local(a.claimed_at) if a.claimed_at else ''}".strip(),
                a.reason,
            ]
            for a in assignments_for(event)
        ],
    )
    _heading(doc, "四、回应时限")
    _table(
        doc,
        ["事项", "到期时间", "情况", "依据"],
        [[v.label, local(v.due_at), v.text, v.citation] for v in clocks_for(event)],
    )
    _heading(doc, "五、回应情况")
    _table(
        doc,
        ["形式", "标题", "单位", "状态", "发布时间"],
        [
            [
                r.get_kind_display(),
                r.title,
                r.agency.name,
                r.get_status_display(),
                local(r.published_at) if r.published_at else "—",
            ]
            for r in event.responses.select_related("agency").order_by("created_at", "id")
        ],
    )


def _report_follow_up(doc, event) -> None:
    """Sections 六 (rumour leads handed over), 七 (consultation meetings) and 八 (feedback)."""
    _heading(doc, "六、谣言线索移交")
    _table(
        doc,
        ["移交时间", "移交单位", "接收单位", "线索", "查处结果"],
        [
            [
                local(x.handed_at),
                x.agency.name,
                f"{x.recipient_name}（{x.get_recipient_kind_display()}）",
                x.content,
                x.result or "—",
            ]
            for x in event.rumour_leads.select_related("agency").order_by("handed_at", "id")
        ],
    )
    _heading(doc, "七、会商情况")
    meetings = list(event.meetings.select_related("convener").prefetch_related("units").order_by("held_at", "id"))
    if not meetings:
        _para(doc, "（无）")
    for m in meetings:
        _para(
            doc,
            f"{local(m.held_at)}，{m.convener.name}召集，地点/方式：{m.place or '—'}；"
            f"参会单位：{'、'.join(u.name for u in m.units.all())}；参会人员：{'；'.join(m.people_list)}。",
        )
        _para(doc, f"会商决定：{m.decisions}")
    _heading(doc, "八、处置结果反馈")
    _table(
        doc,
        ["反馈时间", "单位", "途径", "对象", "内容"],
        [
            [local(f.fed_back_at), f.agency.name, f.get_channel_display(), f.recipient, f.content]
            for f in event.feedbacks.select_related("agency").order_by("fed_back_at", "id")
        ],
    )
