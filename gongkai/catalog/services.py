"""Writes to the catalogue. Every function checks permission, runs in one transaction and audits.

The invariant of SPEC R3.1 — nothing is public without a completed review — holds because
the only function that makes an item public (``_publish``) is called from the approval hook
of the publication review (``reviews.py``), and the public fields are written nowhere else
except ``item_correct`` (which needs an already published item) and ``item_withdraw``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import DomainError, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from gongkai.orgs.models import Agency, Section
from gongkai.rules import services as rule_services
from gongkai.rules.enums import DeadlineStatus
from gongkai.rules.selectors import rule_value_or_none

from . import index_numbers, permissions
from .enums import (
    Attribute,
    ConsultationAnswer,
    ConsultationKind,
    ItemAction,
    ItemStatus,
    SourceFormat,
    TimeLimit,
    WithholdGround,
)
from .ingest import normalise_document_number
from .models import Category, Consultation, DisclosureGuide, InformationItem, ItemVersion, Redaction, Topic
from .redaction import Passage, normalise_body, passage_found, redact
from .transitions import EDITABLE, TRANSITIONS

SEARCH_KIND = "catalog.item"
KEYWORD_RULE = "catalog.keyword_max_length"
# 条例 art. 26: proactive disclosure within 20 working days of the information being formed or changed.
DISCLOSURE_RULE = "disclosure.proactive_period"
CONSULTATION_RULES = {
    ConsultationKind.THIRD_PARTY: "foi.third_party_consultation_period",
    ConsultationKind.AGENCY: "foi.agency_consultation_period",
}
# A decision draft's public consultation: the minimum period depends on the kind of decision —
# 《重大行政决策程序暂行条例》 art. 15 (一般不少于30日) for 重大行政决策, the local rule otherwise.
PUBLIC_CONSULTATION_RULES = {
    True: "participation.consultation_min_period_major",
    False: "participation.consultation_min_period",
}


def consultation_rule_key(kind: str, major_decision: bool = False) -> str:
    if kind == ConsultationKind.PUBLIC:
        return PUBLIC_CONSULTATION_RULES[bool(major_decision)]
    return CONSULTATION_RULES[kind]


# Fields of the working copy a user may set (SPEC R2.2), with their Chinese labels for messages.
ITEM_FIELDS = {
    "title": "信息名称",
    "document_number": "文件编号",
    "produced_on": "产生时间",
    "attribute": "公开属性",
    "withhold_grounds": "不予公开理由",
    "attribute_reason": "属性说明",
    "description": "内容描述",
    "time_limit": "公开时限",
    "time_limit_end": "限时公开截止日期",
    "keywords": "关键词",
    "category": "信息分类",
    "five_disclosure": "五公开",
    "section": "责任部门（科室）",
    "body_html": "正文",
}
_KEYWORD_SPLIT = re.compile(r"[\s\u3000]+")


# --- Validation ---------------------------------------------------------------------------------


def _as_date(value: Any, label: str, errors: dict[str, str], key: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        errors[key] = f"{label}须为 yyyy-mm-dd 格式的日期。"
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors[key] = f"{label}“{text}”不是有效日期。"
        return None


def keyword_limit(agency: Agency, on_date: dt.date | None = None) -> int | None:
    """The keyword length limit in force for the agency's region (None: no rule applies —
    there is no national limit, only local ones such as 鄂托克前旗's)."""
    rv = rule_value_or_none(KEYWORD_RULE, agency.region, on_date or clock.today())
    return None if rv is None else int(rv.value)


def clean_keywords(raw: str, limit: int | None) -> tuple[str, str | None]:
    words = [w for w in _KEYWORD_SPLIT.split(raw or "") if w]
    if not words:
        return "", "关键词不能为空，多个关键词之间用空格分隔。"
    long = [w for w in words if limit is not None and len(w) > limit]
    if long:
        return "", f"每个关键词不超过 {limit} 个字：“{'”“'.join(long)}”过长。"
    unique = list(dict.fromkeys(words))
    return " ".join(unique), None


def _validate(agency: Agency, data: dict[str, Any], *, partial_item: InformationItem | None = None) -> dict[str, Any]:
    """Clean and check the R2.2 fields; raise ValidationFailed with per-field Chinese messages."""
    errors: dict[str, str] = {}
    unknown = set(data) - set(ITEM_FIELDS)
    if unknown:
        raise ValidationFailed(f"未知字段：{'、'.join(sorted(unknown))}。")

    def current(name: str) -> Any:
        if name in data:
            return data[name]
        return getattr(partial_item, name, None) if partial_item is not None else None

    out: dict[str, Any] = {}
    if "title" in data or partial_item is None:
        title = (data.get("title") or "").strip()
        if not title:
            errors["title"] = "信息名称不能为空（须使用全称，不得使用简称）。"
        elif len(title) > 300:
            errors["title"] = "信息名称不能超过 300 个字。"
        out["title"] = title
    if "document_number" in data:
        number = (data.get("document_number") or "").strip()
        out["document_number"] = (normalise_document_number(number) or number)[:100] if number else ""
    if "produced_on" in data or partial_item is None:
        produced = _as_date(data.get("produced_on"), "产生时间", errors, "produced_on")
        if produced is None and "produced_on" not in errors:
            errors["produced_on"] = "产生时间不能为空（yyyy-mm-dd）。"
        elif produced is not None and produced > clock.today():
            errors["produced_on"] = "产生时间不能晚于今天。"
        out["produced_on"] = produced
    if "attribute" in data or partial_item is None:
        attribute = data.get("attribute") or Attribute.ACTIVE
        if attribute not in Attribute.values:
            errors["attribute"] = "公开属性须为主动公开、依申请公开或不予公开。"
        out["attribute"] = attribute
    if "withhold_grounds" in data:
        grounds = data.get("withhold_grounds") or []
        if isinstance(grounds, str):
            grounds = [g for g in re.split(r"[,，\s]+", grounds) if g]
        bad = [g for g in grounds if g not in WithholdGround.values]
        if bad:
            errors["withhold_grounds"] = f"不予公开理由无效：{'、'.join(bad)}。"
        out["withhold_grounds"] = list(dict.fromkeys(grounds))
    for name in ("attribute_reason", "description"):
        if name in data:
            out[name] = (data.get(name) or "").strip()
    if "time_limit" in data or partial_item is None:
        limit = data.get("time_limit") or TimeLimit.LONG_TERM
        if limit not in TimeLimit.values:
            errors["time_limit"] = "公开时限须为长期公开或限时公开。"
        out["time_limit"] = limit
    if "time_limit_end" in data:
        out["time_limit_end"] = _as_date(data.get("time_limit_end"), "限时公开截止日期", errors, "time_limit_end")
    if "keywords" in data or partial_item is None:
        keywords, message = clean_keywords(data.get("keywords") or "", keyword_limit(agency))
        if message:
            errors["keywords"] = message
        out["keywords"] = keywords
    if "category" in data or partial_item is None:
        category = data.get("category")
        if not isinstance(category, Category):
            category = Category.objects.filter(pk=category, is_active=True).first() if category else None
        if category is None or not category.is_active:
            errors["category"] = "请选择有效的信息分类。"
        out["category"] = category
    if "five_disclosure" in data:
        from .enums import FiveDisclosure

        tag = data.get("five_disclosure") or ""
        if tag and tag not in FiveDisclosure.values:
            errors["five_disclosure"] = "五公开标签无效。"
        out["five_disclosure"] = tag
    if "section" in data:
        section = data.get("section")
        if section is not None and not isinstance(section, Section):
            section = Section.objects.filter(pk=section).first()
        if section is not None and section.agency_id != agency.pk:
            errors["section"] = "责任部门（科室）须属于本机构。"
        out["section"] = section
    if "body_html" in data:
        html, text = normalise_body(data.get("body_html") or "")
        out["body_html"], out["body_text"] = html, text
        title = out.get("title") or current("title") or ""
        first_line = text.split("\n", 1)[0].strip() if text else ""
        if title and first_line == title.strip():
            errors["body_html"] = "正文中不要再出现标题（004 附件1 二(一)6）。"

    # Cross-field rules.
    time_limit = out.get("time_limit", current("time_limit"))
    end = out.get("time_limit_end", current("time_limit_end"))
    if time_limit == TimeLimit.LIMITED:
        produced = out.get("produced_on") or current("produced_on")
        if end is None and "time_limit_end" not in errors:
            errors["time_limit_end"] = "限时公开须填写截止日期。"
        elif end is not None and produced and end <= produced:
            errors["time_limit_end"] = "截止日期须晚于产生时间。"
    elif "time_limit" in out:
        out["time_limit_end"] = None
    if errors:
        raise ValidationFailed("请修正以下内容：" + "；".join(errors.values()), detail=errors)
    return out


def _check_attribute_justified(item: InformationItem) -> None:
    """SPEC R2.9: a draft without a justified attribute is returned (退文)."""
    errors: dict[str, str] = {}
    if item.attribute == Attribute.WITHHELD and not item.withhold_grounds:
        errors["withhold_grounds"] = "拟不予公开的，须选择不予公开的理由（SPEC R3.3）。"
    if item.attribute == Attribute.ON_REQUEST and not item.attribute_reason.strip():
        errors["attribute_reason"] = "拟依申请公开的，须说明不主动公开的理由。"
    if not item.body_text.strip() and item.attribute == Attribute.ACTIVE:
        errors["body_html"] = "主动公开的信息须有正文。"
    if errors:
        raise ValidationFailed("公开属性未说明理由，不能提交：" + "；".join(errors.values()), detail=errors)


# --- Transitions --------------------------------------------------------------------------------


def _lock(item: InformationItem) -> InformationItem:
    return InformationItem.objects.select_for_update().select_related("agency__region", "category").get(pk=item.pk)


def item_transition(*, actor, item: InformationItem, action: str, data: dict | None = None) -> InformationItem:
    """Apply one move of the transition table to a locked row and audit it."""
    locked = _lock(item)
    new_status = TRANSITIONS.get((locked.status, action))
    if new_status is None:
        raise InvalidTransition(
            f"信息当前状态为“{locked.get_status_display()}”，不能执行“{ItemAction(action).label}”。",
            detail={"status": locked.status, "action": action},
        )
    old_status = locked.status
    locked.status = new_status
    locked.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        event=f"catalog.item.{action}",
        target=locked,
        data={"old": {"status": old_status}, "new": {"status": new_status}, **(data or {})},
    )
    item.status = new_status
    return locked


# --- Working copy -------------------------------------------------------------------------------


def item_create(
    *,
    actor,
    agency: Agency,
    source_format: str = SourceFormat.FORM,
    source_meta: dict | None = None,
    topics: Iterable[Topic] = (),
    **fields: Any,
) -> InformationItem:
    if not permissions.can_author(actor, agency):
        raise PermissionDenied("您不能为该机构录入信息。")
    if source_format not in SourceFormat.values:
        raise ValidationFailed("来源格式无效。")
    cleaned = _validate(agency, fields)
    with transaction.atomic():
        item = InformationItem.objects.create(
            agency=agency, created_by=actor, source_format=source_format, source_meta=source_meta or {}, **cleaned
        )
        if topics:
            item.topics.set(topics)
        audit_log(actor=actor, event="catalog.item.created", target=item, data={"new": _public_fields(item)})
        _sync_disclosure_clock(item)
    return item


def item_update(
    *, actor, item: InformationItem, topics: Iterable[Topic] | None = None, **fields: Any
) -> InformationItem:
    if not permissions.can_edit(actor, item):
        raise PermissionDenied("您不能修改这条信息。")
    with transaction.atomic():
        locked = _lock(item)
        if locked.status not in EDITABLE:
            raise InvalidTransition(f"信息当前状态为“{locked.get_status_display()}”，不能修改工作稿。")
        cleaned = _validate(locked.agency, fields, partial_item=locked)
        old = {k: getattr(locked, k) for k in cleaned}
        for name, value in cleaned.items():
            setattr(locked, name, value)
        locked.save()
        if topics is not None:
            locked.topics.set(topics)
        changed_old = {k: v for k, v in old.items() if v != cleaned[k]}
        if {"produced_on", "attribute"} & set(changed_old):
            _sync_disclosure_clock(locked, restart=True)
        audit_log(
            actor=actor,
            event="catalog.item.updated",
            target=locked,
            data={
                "old": _jsonable(changed_old),
                "new": _jsonable({k: cleaned[k] for k in changed_old}),
            },
        )
    return locked


def item_submit(*, actor, item: InformationItem, comment: str = "") -> InformationItem:
    """Send the item into the publication review (section → disclosure office → leader)."""
    from gongkai.workflow.selectors import review_active_for
    from gongkai.workflow.services import review_resubmit, review_start

    from .reviews import TEMPLATE_KEY

    if not permissions.can_edit(actor, item):
        raise PermissionDenied("您不能提交这条信息。")
    with transaction.atomic():
        locked = _lock(item)
        _check_attribute_justified(locked)
        if locked.status == ItemStatus.RETURNED:
            review = review_active_for(locked)
            if review is None:
                raise InvalidTransition("找不到被退回的审查记录。")
            # The resubmitted hook moves the item back to IN_REVIEW.
            review_resubmit(actor=actor, review=review, comment=comment)
        else:
            item_transition(actor=actor, item=locked, action=ItemAction.SUBMIT)
            review_start(actor=actor, target=locked, template_key=TEMPLATE_KEY, agency=locked.agency, comment=comment)
    locked.refresh_from_db()
    return locked


# --- The art. 26 clock ------------------------------------------------------------------------------


def _disclosure_clock_title(item: InformationItem) -> str:
    return f"主动公开期限：{item.title}"[:200]


def _sync_disclosure_clock(item: InformationItem, *, restart: bool = False, start: dt.date | None = None) -> None:
    """Give an unpublished, proactively disclosable item its art. 26 clock (from 产生时间, or
    ``start``); with ``restart`` an open clock is closed and a new one started. Items that are
    not 主动公开 have no clock. Where no rule or calendar covers the start date (before the
    2008 条例, or outside the calendar's range) the item simply has no clock."""
    current = item.disclosure_deadline
    if (
        current is not None
        and current.status != DeadlineStatus.CLOSED
        and (restart or item.attribute != Attribute.ACTIVE)
    ):
        rule_services.deadline_close(actor=None, deadline=current)
        current = None
        item.disclosure_deadline = None
    needs_clock = item.attribute == Attribute.ACTIVE and item.status != ItemStatus.PUBLISHED and item.produced_on
    if needs_clock and (current is None or current.status == DeadlineStatus.CLOSED):
        try:
            item.disclosure_deadline = rule_services.deadline_start(
                actor=None,
                target=item,
                agency=item.agency,
                rule_key=DISCLOSURE_RULE,
                start=start or item.produced_on,
                handler=item.created_by,
                title=_disclosure_clock_title(item),
            )
        except DomainError:
            item.disclosure_deadline = None
    InformationItem.objects.filter(pk=item.pk).update(disclosure_deadline=item.disclosure_deadline)


def _stop_disclosure_clock(item: InformationItem, at: dt.datetime) -> None:
    """At publication: close the clock and record whether the item was published after its due date."""
    deadline = item.disclosure_deadline
    if deadline is None:
        return
    if deadline.status != DeadlineStatus.CLOSED:
        deadline = rule_services.deadline_close(actor=None, deadline=deadline, at=at)
        item.disclosure_deadline = deadline
    if deadline.due_at is not None:
        item.published_late = at > deadline.due_at


def disclosure_clock_backfill() -> int:
    """Periodic (and for databases from before the clock): start the clock of every unpublished
    proactive item that lacks one, and record lateness of items published with a clock but no
    verdict yet. Idempotent; returns how many items changed."""
    changed = 0
    pending = InformationItem.objects.filter(
        attribute=Attribute.ACTIVE, disclosure_deadline__isnull=True, published_at__isnull=True
    ).exclude(status=ItemStatus.PUBLISHED)
    for item in pending.select_related("agency__region").order_by("pk")[:500]:
        with transaction.atomic():
            _sync_disclosure_clock(item)
            changed += item.disclosure_deadline is not None
    published = InformationItem.objects.filter(
        published_at__isnull=False, published_late__isnull=True, attribute=Attribute.ACTIVE
    )
    for item in published.select_related("agency__region", "disclosure_deadline").order_by("pk")[:500]:
        with transaction.atomic():
            first = item.published_at
            if item.disclosure_deadline is None:
                try:
                    item.disclosure_deadline = rule_services.deadline_start(
                        actor=None,
                        target=item,
                        agency=item.agency,
                        rule_key=DISCLOSURE_RULE,
                        start=item.produced_on,
                        title=_disclosure_clock_title(item),
                    )
                except DomainError:
                    continue
            _stop_disclosure_clock(item, first)
            InformationItem.objects.filter(pk=item.pk).update(
                disclosure_deadline=item.disclosure_deadline, published_late=item.published_late
            )
            changed += 1
    return changed


# --- Publication (called only from the approval hook) ----------------------------------------------


def _public_fields(item: InformationItem) -> dict[str, Any]:
    """The R2.2 fields as shown to the public (from the working copy)."""
    return {
        "title": item.title,
        "document_number": item.document_number,
        "produced_on": item.produced_on.isoformat() if item.produced_on else None,
        "attribute": item.attribute,
        "attribute_label": item.get_attribute_display(),
        "description": item.description,
        "time_limit": item.time_limit,
        "time_limit_label": item.get_time_limit_display(),
        "time_limit_end": item.time_limit_end.isoformat() if item.time_limit_end else None,
        "keywords": item.keywords,
        "category": item.category.name if item.category_id else "",
        "category_code": item.category.code if item.category_id else "",
        "five_disclosure": item.five_disclosure,
        "five_disclosure_label": item.get_five_disclosure_display() if item.five_disclosure else "",
        "section": item.section.name if item.section_id else "",
        "agency": item.agency.name,
    }


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in values.items():
        if isinstance(v, dt.date):
            v = v.isoformat()
        elif hasattr(v, "pk"):
            v = str(v)
        out[k] = v
    return out


def _redaction_notes(item: InformationItem) -> list[dict[str, str]]:
    return [{"ground": r.ground, "label": r.get_ground_display()} for r in item.redactions.all()]


def _refresh_public_copy(item: InformationItem, *, review_procedure: str | None = None) -> None:
    """Compute the public copy (redactions applied) from the working copy."""
    passages = [Passage(r.passage, r.get_ground_display()) for r in item.redactions.all()]
    html, text = redact(item.body_html, passages)
    meta = _public_fields(item)
    meta["redactions"] = _redaction_notes(item)
    meta["review_procedure"] = review_procedure or item.public_meta.get("review_procedure", "")
    item.public_title = item.title
    item.public_body_html = html
    item.public_body_text = text
    item.public_meta = meta


def _snapshot(item: InformationItem, actor, reason: str) -> None:
    ItemVersion.objects.create(
        item=item,
        number=item.version,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason,
        snapshot={
            "index_number": item.index_number,
            "title": item.public_title,
            "body_html": item.public_body_html,
            "meta": item.public_meta,
            "published_at": item.published_at.isoformat() if item.published_at else None,
        },
    )


def _index(item: InformationItem) -> None:
    from gongkai.search.services import index_document

    meta = item.public_meta
    index_document(
        kind=SEARCH_KIND,
        object_id=item.pk,
        title=item.public_title,
        body=" ".join(filter(None, [meta.get("document_number"), meta.get("keywords"), item.public_body_text])),
        agency_id=item.agency_id,
        facets={
            "category": meta.get("category_code", ""),
            "year": item.produced_on.year,
            "five": item.five_disclosure or "",
            "form": item.attribute,
        },
        published_at=item.published_at,
        url=f"/catalog/items/{item.pk}/",
    )


def _unindex(item: InformationItem) -> None:
    from gongkai.search.services import remove_document

    remove_document(kind=SEARCH_KIND, object_id=item.pk)


def publish_approved(*, actor, item: InformationItem, review_procedure: str) -> InformationItem:
    """Make an approved item public. Only the publication review's approval hook calls this."""
    locked = _lock(item)
    if locked.attribute != Attribute.ACTIVE:
        raise ValidationFailed("只有公开属性为“主动公开”的信息才能发布。")
    pending = locked.consultations.filter(answer=ConsultationAnswer.PENDING)
    for consultation in pending:
        _expire_consultation(consultation)
    if locked.consultations.filter(answer=ConsultationAnswer.PENDING).exists():
        raise ValidationFailed("仍有征求意见未答复且未到期，不能发布。")
    if locked.index_number is None:
        number = index_numbers.assign(locked)
        locked.index_number, locked.index_year, locked.index_seq = number.value, number.year, number.seq
    locked.published_at = clock.now()
    locked.version += 1
    _refresh_public_copy(locked, review_procedure=review_procedure)
    _stop_disclosure_clock(locked, locked.published_at)
    locked.save()
    item_transition(
        actor=actor,
        item=locked,
        action=ItemAction.APPROVE_PUBLISH,
        data={"index_number": locked.index_number, "version": locked.version},
    )
    locked.status = ItemStatus.PUBLISHED
    _snapshot(locked, actor, "审查通过，发布")
    _index(locked)
    return locked


def item_correct(*, actor, item: InformationItem, reason: str, topics=None, **fields: Any) -> InformationItem:
    """R2.5: the unit administrator corrects a published item: a new version, the old one kept."""
    if not permissions.can_correct(actor, item):
        raise PermissionDenied("只有本单位的编制单位管理员可以更正已公开的信息。")
    if not (reason or "").strip():
        raise ValidationFailed("请填写更正说明。")
    with transaction.atomic():
        locked = _lock(item)
        if locked.status != ItemStatus.PUBLISHED:
            raise InvalidTransition("只有已公开的信息可以更正。")
        if "attribute" in fields and fields["attribute"] != Attribute.ACTIVE:
            raise ValidationFailed("更正不能改变公开属性；不再公开的信息请撤回。")
        cleaned = _validate(locked.agency, fields, partial_item=locked)
        old = _public_fields(locked)
        for name, value in cleaned.items():
            setattr(locked, name, value)
        if topics is not None:
            locked.topics.set(topics)
        locked.version += 1
        _refresh_public_copy(locked)
        locked.save()
        new = _public_fields(locked)
        item_transition(
            actor=actor,
            item=locked,
            action=ItemAction.CORRECT,
            data={
                "reason": reason,
                "version": locked.version,
                "changes": {
                    "old": {k: v for k, v in old.items() if new.get(k) != v},
                    "new": {k: v for k, v in new.items() if old.get(k) != v},
                },
            },
        )
        _snapshot(locked, actor, reason)
        _index(locked)
    return locked


def item_withdraw(*, actor, item: InformationItem, reason: str) -> InformationItem:
    """R3.6: a published item found not disclosable on re-review leaves the portal and the index."""
    if not permissions.can_withdraw(actor, item):
        raise PermissionDenied("只有编制单位管理员或政务公开办负责人可以撤回已公开的信息。")
    if not (reason or "").strip():
        raise ValidationFailed("请填写撤回理由。")
    with transaction.atomic():
        locked = _lock(item)
        if locked.status != ItemStatus.PUBLISHED:
            raise InvalidTransition("只有已公开的信息可以撤回。")
        locked.withdrawn_at = clock.now()
        locked.withdrawn_reason = reason.strip()
        locked.save(update_fields=["withdrawn_at", "withdrawn_reason", "updated_at"])
        item_transition(actor=actor, item=locked, action=ItemAction.WITHDRAW, data={"reason": reason.strip()})
        _unindex(locked)
    return locked


# --- Partial disclosure -------------------------------------------------------------------------


def redaction_add(*, actor, item: InformationItem, passage: str, ground: str, note: str = "") -> Redaction:
    if not permissions.can_review(actor, item):
        raise PermissionDenied("只有保密审查人员或政务公开办可以标注不予公开的内容。")
    passage = (passage or "").strip()
    if not passage:
        raise ValidationFailed("请填写要不予公开的内容。")
    if ground not in WithholdGround.values:
        raise ValidationFailed("请选择不予公开的理由。")
    with transaction.atomic():
        locked = _lock(item)
        if locked.status in (ItemStatus.WITHDRAWN, ItemStatus.REJECTED):
            raise InvalidTransition("该信息当前状态下不能标注。")
        if not passage_found(locked.body_html, passage):
            raise ValidationFailed("正文中找不到这段内容（须为同一段落、列表项或表格单元格中的原文）。")
        redaction = Redaction.objects.create(item=locked, passage=passage, ground=ground, note=note, created_by=actor)
        audit_log(
            actor=actor,
            event="catalog.redaction.added",
            target=locked,
            data={"ground": ground, "length": len(passage), "redaction_id": redaction.pk},
        )
        if locked.status == ItemStatus.PUBLISHED:
            _republish_after_redaction(actor, locked, f"区分处理：{redaction.get_ground_display()}")
    return redaction


def redaction_remove(*, actor, redaction: Redaction) -> None:
    item = redaction.item
    if not permissions.can_review(actor, item):
        raise PermissionDenied("只有保密审查人员或政务公开办可以取消标注。")
    with transaction.atomic():
        locked = _lock(item)
        if locked.status == ItemStatus.PUBLISHED:
            raise InvalidTransition("已公开信息的区分处理不能直接取消，请撤回后重新审查。")
        audit_log(actor=actor, event="catalog.redaction.removed", target=locked, data={"redaction_id": redaction.pk})
        redaction.delete()


def _republish_after_redaction(actor, item: InformationItem, reason: str) -> None:
    item.version += 1
    _refresh_public_copy(item)
    item.save()
    _snapshot(item, actor, reason)
    _index(item)


# --- Consultations (R3.2, R3.5) ---------------------------------------------------------------------


def consultation_send(
    *,
    actor,
    item: InformationItem,
    kind: str,
    sent_on: dt.date,
    party_name: str = "",
    consulted_agency: Agency | None = None,
    major_decision: bool = False,
) -> Consultation:
    """Record a consultation and start its clock (rules ``deadline_start``): the answer period of
    a third party (条例 art. 32) or another agency (art. 34), or — for a decision draft put out
    for public comment — the minimum consultation period, by the kind of decision."""
    if not permissions.can_review(actor, item):
        raise PermissionDenied("只有保密审查人员或政务公开办可以记录征求意见。")
    if kind not in ConsultationKind.values:
        raise ValidationFailed("征求意见类型无效。")
    if kind == ConsultationKind.THIRD_PARTY and not party_name.strip():
        raise ValidationFailed("请填写第三方名称。")
    if kind == ConsultationKind.AGENCY and consulted_agency is None:
        raise ValidationFailed("请选择被征求意见的机关。")
    if consulted_agency is not None and consulted_agency.pk == item.agency_id:
        raise ValidationFailed("不能征求本机关的意见。")
    if major_decision and kind != ConsultationKind.PUBLIC:
        raise ValidationFailed("只有决策草案公开征求意见才区分是否属于重大行政决策。")
    if sent_on > clock.today():
        raise ValidationFailed("发出日期不能晚于今天。")
    if kind == ConsultationKind.PUBLIC:
        party_name, consulted_agency = "社会公众", None
    with transaction.atomic():
        consultation = Consultation.objects.create(
            item=item,
            kind=kind,
            party_name=party_name.strip() or (consulted_agency.name if consulted_agency else ""),
            consulted_agency=consulted_agency,
            sent_on=sent_on,
            major_decision=bool(major_decision),
            recorded_by=actor,
        )
        rule_key = consultation_rule_key(kind, major_decision)
        try:
            consultation.deadline = rule_services.deadline_start(
                actor=None,
                target=consultation,
                agency=item.agency,
                rule_key=rule_key,
                start=sent_on,
                handler=actor,
                title=f"{ConsultationKind(kind).label}：{consultation.party_name}"[:200],
            )
        except DomainError as exc:
            if kind == ConsultationKind.PUBLIC and not major_decision and exc.code == "deadline_rule_missing":
                raise ValidationFailed(
                    "本地区没有一般决策草案公开征求意见期限的规则记录，请先在规则中设置本地规则；"
                    "属于重大行政决策的，请勾选“属于重大行政决策”（不少于30日）。",
                    code="deadline_rule_missing",
                ) from None
            raise
        consultation.save(update_fields=["deadline", "updated_at"])
        audit_log(
            actor=actor,
            event="catalog.consultation.sent",
            target=consultation,
            data={
                "kind": kind,
                "party": consultation.party_name,
                "major_decision": consultation.major_decision,
                "rule": rule_key,
                "due_on": consultation.due_on.isoformat() if consultation.due_on else None,
            },
        )
    return consultation


def consultation_answer(
    *, actor, consultation: Consultation, answer: str, answered_on: dt.date, note: str = ""
) -> Consultation:
    if not permissions.can_review(actor, consultation.item):
        raise PermissionDenied("只有保密审查人员或政务公开办可以记录答复。")
    if consultation.kind == ConsultationKind.PUBLIC:
        raise InvalidTransition("决策草案公开征求意见在期满时结束，无需记录答复。")
    if answer not in (ConsultationAnswer.AGREE, ConsultationAnswer.DISAGREE):
        raise ValidationFailed("答复须为同意公开或不同意公开。")
    if answered_on < consultation.sent_on or answered_on > clock.today():
        raise ValidationFailed("答复日期须在发出日期之后且不晚于今天。")
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.answer != ConsultationAnswer.PENDING:
            raise InvalidTransition("该征求意见已有答复。")
        locked.answer, locked.answered_on, locked.answer_note = answer, answered_on, note.strip()
        locked.save(update_fields=["answer", "answered_on", "answer_note", "updated_at"])
        _close_consultation_clock(locked)
        audit_log(actor=actor, event="catalog.consultation.answered", target=locked, data={"answer": answer})
    return locked


def _expire_consultation(consultation: Consultation, today: dt.date | None = None) -> bool:
    """Past its due date without an answer: another agency's silence is consent (004 附件6);
    a third party's silence leaves the decision to the agency (条例 art. 32)."""
    today = today or clock.today()
    due = consultation.due_on
    if consultation.answer != ConsultationAnswer.PENDING or due is None or today <= due:
        return False
    consultation.answer = {
        ConsultationKind.AGENCY: ConsultationAnswer.SILENT_CONSENT,
        ConsultationKind.PUBLIC: ConsultationAnswer.CLOSED,
    }.get(consultation.kind, ConsultationAnswer.NO_ANSWER)
    consultation.save(update_fields=["answer", "updated_at"])
    _close_consultation_clock(consultation)
    audit_log(
        actor=None, event="catalog.consultation.expired", target=consultation, data={"answer": consultation.answer}
    )
    return True


def _close_consultation_clock(consultation: Consultation) -> None:
    deadline = consultation.deadline
    if deadline is not None and deadline.status != DeadlineStatus.CLOSED:
        rule_services.deadline_close(actor=None, deadline=deadline)


def consultation_sweep(*, today: dt.date | None = None) -> int:
    """Periodic: mark overdue consultations (idempotent)."""
    today = today or clock.today()
    count = 0
    pending = Consultation.objects.filter(answer=ConsultationAnswer.PENDING, deadline__due_date__lt=today)
    for consultation in pending.select_related("deadline"):
        with transaction.atomic():
            if _expire_consultation(consultation, today):
                count += 1
    return count


# --- Disclosure guide ---------------------------------------------------------------------------

GUIDE_FIELDS = ("how_to_obtain", "office_name", "address", "hours", "phone", "fax", "online", "postcode", "notes")


def guide_save(*, actor, agency: Agency, **fields: str) -> DisclosureGuide:
    if not permissions.can_edit_guide(actor, agency):
        raise PermissionDenied("您不能编辑该机构的公开指南。")
    unknown = set(fields) - set(GUIDE_FIELDS)
    if unknown:
        raise ValidationFailed(f"未知字段：{'、'.join(sorted(unknown))}。")
    with transaction.atomic():
        guide, _ = DisclosureGuide.objects.select_for_update().get_or_create(agency=agency)
        old = {k: getattr(guide, k) for k in fields}
        for name, value in fields.items():
            setattr(guide, name, (value or "").strip())
        guide.save()
        audit_log(
            actor=actor,
            event="catalog.guide.saved",
            target=guide,
            data={"old": old, "new": {k: getattr(guide, k) for k in fields}},
        )
    return guide


def get_item_for_update(*, actor, item_id: int) -> InformationItem:
    from .selectors import item_list_visible_to

    item = item_list_visible_to(actor).filter(pk=item_id).first()
    if item is None:
        raise NotFound("未找到该信息。")
    return item


__all__ = [
    "consultation_answer",
    "consultation_send",
    "consultation_sweep",
    "guide_save",
    "item_correct",
    "item_create",
    "item_submit",
    "item_transition",
    "item_update",
    "item_withdraw",
    "publish_approved",
    "redaction_add",
    "redaction_remove",
]


# --- Back-office additions: categories, topics, self-check re-review, bulk import -------------------
# (Appended for the staff pages of issue 3; same conventions: permission inside, one transaction, audit.)

_CATEGORY_CODE = re.compile(r"^[0-9A-Za-z]{1,10}$")


def _require_sysadmin(actor, message: str) -> None:
    from gongkai.orgs import permissions as org_perms

    if not org_perms.is_system_admin(actor):
        raise PermissionDenied(message)


def category_create(*, actor, code: str, name: str, description: str = "") -> Category:
    """SPEC R2.1: the nine categories are a configurable default; system administrators add more."""
    _require_sysadmin(actor, "只有系统管理员可以维护信息分类。")
    code, name, description = (code or "").strip(), (name or "").strip(), (description or "").strip()
    errors: dict[str, str] = {}
    if not _CATEGORY_CODE.match(code):
        errors["code"] = "分类代码须为 1–10 位数字或字母。"
    elif Category.objects.filter(code=code).exists():
        errors["code"] = f"分类代码“{code}”已被使用。"
    if not name:
        errors["name"] = "请填写分类名称。"
    elif len(name) > 50:
        errors["name"] = "分类名称不能超过 50 个字。"
    elif Category.objects.filter(name=name).exists():
        errors["name"] = f"已有名为“{name}”的分类。"
    if len(description) > 300:
        errors["description"] = "说明不能超过 300 个字。"
    if errors:
        raise ValidationFailed("；".join(errors.values()), detail=errors)
    with transaction.atomic():
        last = Category.objects.select_for_update().order_by("-order").values_list("order", flat=True).first()
        category = Category.objects.create(code=code, name=name, description=description, order=(last or 0) + 1)
        audit_log(
            actor=actor,
            event="catalog.category.created",
            target=category,
            data={"new": {"code": code, "name": name, "description": description, "order": category.order}},
        )
    return category


def category_update(*, actor, category: Category, name: str, description: str = "") -> Category:
    """Rename a category or change its description (its code, used in index numbers, stays)."""
    _require_sysadmin(actor, "只有系统管理员可以维护信息分类。")
    name, description = (name or "").strip(), (description or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "请填写分类名称。"
    elif len(name) > 50:
        errors["name"] = "分类名称不能超过 50 个字。"
    elif Category.objects.filter(name=name).exclude(pk=category.pk).exists():
        errors["name"] = f"已有名为“{name}”的分类。"
    if len(description) > 300:
        errors["description"] = "说明不能超过 300 个字。"
    if errors:
        raise ValidationFailed("；".join(errors.values()), detail=errors)
    with transaction.atomic():
        locked = Category.objects.select_for_update().get(pk=category.pk)
        old = {"name": locked.name, "description": locked.description}
        locked.name, locked.description = name, description
        locked.save(update_fields=["name", "description"])
        audit_log(
            actor=actor,
            event="catalog.category.updated",
            target=locked,
            data={"old": old, "new": {"name": name, "description": description}},
        )
    return locked


def category_set_active(*, actor, category: Category, active: bool) -> Category:
    """Deactivate (no new items may use it; existing items keep it) or reactivate a category."""
    _require_sysadmin(actor, "只有系统管理员可以维护信息分类。")
    with transaction.atomic():
        locked = Category.objects.select_for_update().get(pk=category.pk)
        if locked.is_active == active:
            return locked
        if not active and Category.objects.filter(is_active=True).exclude(pk=locked.pk).count() == 0:
            raise ValidationFailed("至少须保留一个启用的信息分类。")
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        audit_log(
            actor=actor,
            event="catalog.category.activated" if active else "catalog.category.deactivated",
            target=locked,
            data={"old": {"is_active": not active}, "new": {"is_active": active}},
        )
    return locked


def category_move(*, actor, category: Category, direction: str) -> Category:
    """Move a category one place up or down in the display order (orders renumbered 1..n)."""
    _require_sysadmin(actor, "只有系统管理员可以维护信息分类。")
    if direction not in ("up", "down"):
        raise ValidationFailed("移动方向无效。")
    with transaction.atomic():
        rows = list(Category.objects.select_for_update().order_by("order", "code"))
        position = next((i for i, c in enumerate(rows) if c.pk == category.pk), None)
        if position is None:
            raise NotFound("未找到该分类。")
        other = position - 1 if direction == "up" else position + 1
        if not 0 <= other < len(rows):
            return rows[position]
        old = [c.code for c in rows]
        rows[position], rows[other] = rows[other], rows[position]
        for number, row in enumerate(rows, start=1):
            if row.order != number:
                row.order = number
                row.save(update_fields=["order"])
        audit_log(
            actor=actor,
            event="catalog.category.reordered",
            target=category,
            data={"old": {"order": old}, "new": {"order": [c.code for c in rows]}},
        )
    return next(c for c in rows if c.pk == category.pk)


def _topic_errors(name: str, description: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "请填写专题名称。"
    elif len(name) > 100:
        errors["name"] = "专题名称不能超过 100 个字。"
    if len(description) > 2000:
        errors["description"] = "简介不能超过 2000 个字。"
    return errors


def topic_create(*, actor, slug: str, name: str, description: str = "") -> Topic:
    """SPEC R2.8: topic pages (专题) grouping items across agencies."""
    _require_sysadmin(actor, "只有系统管理员可以维护专题。")
    slug, name, description = (slug or "").strip(), (name or "").strip(), (description or "").strip()
    errors = _topic_errors(name, description)
    if not re.fullmatch(r"[-a-zA-Z0-9_]{1,60}", slug):
        errors["slug"] = "标识只能包含字母、数字、连字符和下划线（最多 60 个字符）。"
    elif Topic.objects.filter(slug=slug).exists():
        errors["slug"] = f"标识“{slug}”已被使用。"
    if errors:
        raise ValidationFailed("；".join(errors.values()), detail=errors)
    with transaction.atomic():
        topic = Topic.objects.create(slug=slug, name=name, description=description)
        audit_log(
            actor=actor,
            event="catalog.topic.created",
            target=topic,
            data={"new": {"slug": slug, "name": name, "description": description}},
        )
    return topic


def topic_update(*, actor, topic: Topic, name: str, description: str = "") -> Topic:
    _require_sysadmin(actor, "只有系统管理员可以维护专题。")
    name, description = (name or "").strip(), (description or "").strip()
    errors = _topic_errors(name, description)
    if errors:
        raise ValidationFailed("；".join(errors.values()), detail=errors)
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        old = {"name": locked.name, "description": locked.description}
        locked.name, locked.description = name, description
        locked.save(update_fields=["name", "description"])
        audit_log(
            actor=actor,
            event="catalog.topic.updated",
            target=locked,
            data={"old": old, "new": {"name": name, "description": description}},
        )
    return locked


def topic_set_active(*, actor, topic: Topic, active: bool) -> Topic:
    _require_sysadmin(actor, "只有系统管理员可以维护专题。")
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if locked.is_active != active:
            locked.is_active = active
            locked.save(update_fields=["is_active"])
            audit_log(
                actor=actor,
                event="catalog.topic.activated" if active else "catalog.topic.deactivated",
                target=locked,
                data={"old": {"is_active": not active}, "new": {"is_active": active}},
            )
    return locked


def item_reopen(*, actor, item: InformationItem, reason: str) -> InformationItem:
    """R2.7 / R3.6 (004 附件4 第十五条): a withheld item whose reason has lapsed is proposed for
    active disclosure and goes through the whole review again (attribute → 主动公开, then submit)."""
    if not permissions.can_edit(actor, item):
        raise PermissionDenied("您不能重新提交这条信息。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("请说明不予公开的理由已经消失的情况。", detail={"reason": "请填写理由。"})
    with transaction.atomic():
        locked = _lock(item)
        if locked.status not in (ItemStatus.NOT_PUBLIC, ItemStatus.WITHDRAWN, ItemStatus.REJECTED):
            raise InvalidTransition(f"信息当前状态为“{locked.get_status_display()}”，不需要重新审查。")
        old = {"attribute": locked.attribute, "withhold_grounds": list(locked.withhold_grounds)}
        updated = item_update(
            actor=actor, item=locked, attribute=Attribute.ACTIVE, withhold_grounds=[], attribute_reason=""
        )
        audit_log(
            actor=actor,
            event="catalog.item.reopened",
            target=updated,
            data={"reason": reason, "old": old, "new": {"attribute": Attribute.ACTIVE, "withhold_grounds": []}},
        )
        # The information changed (its grounds lapsed): art. 26's period runs again from today.
        _sync_disclosure_clock(updated, restart=True, start=clock.today())
        updated.save(update_fields=["disclosure_deadline", "updated_at"])
        submitted = item_submit(actor=actor, item=updated, comment=f"年度自查：{reason}")
    return submitted


def item_import(*, actor, agency: Agency, data: bytes, filename: str = ""):
    """Bulk import (.xlsx): every row becomes a DRAFT of ``agency`` — all rows or none.

    System administrators and the agency's unit administrator import. Raises
    ``importer.ImportFailed`` (a ``ValidationFailed``) listing every problem by row and column.
    Nothing is published: the drafts go through the review like any other (SPEC R3.1).
    """
    from gongkai.orgs import permissions as org_perms
    from gongkai.orgs.enums import Role

    from . import importer

    if not (org_perms.is_system_admin(actor) or org_perms.has_role(actor, Role.UNIT_ADMIN, agency)):
        raise PermissionDenied("只有系统管理员或本单位的编制单位管理员可以批量导入信息。")
    rows = importer.read_workbook(data, filename)
    plan, errors = importer.validate(rows, agency=agency)
    if errors:
        raise importer.ImportFailed(errors)
    summary = importer.ImportSummary()
    with transaction.atomic():
        for number, cleaned in plan:
            item = InformationItem.objects.create(
                agency=agency,
                created_by=actor,
                status=ItemStatus.DRAFT,
                source_format=SourceFormat.FORM,
                source_meta={"import": filename or "import.xlsx", "row": number},
                **cleaned,
            )
            audit_log(
                actor=actor,
                event="catalog.item.created",
                target=item,
                data={"new": _public_fields(item), "import": filename or "import.xlsx", "row": number},
            )
            _sync_disclosure_clock(item)
            summary.created += 1
            summary.item_ids.append(item.pk)
        audit_log(
            actor=actor,
            event="catalog.import.completed",
            target=filename or "import.xlsx",
            agency_id=agency.pk,
            data={"created": summary.created, "agency": agency.name},
        )
    return summary


__all__ += [
    "category_create",
    "category_move",
    "category_set_active",
    "category_update",
    "item_import",
    "item_reopen",
    "topic_create",
    "topic_set_active",
    "topic_update",
]


# --- Attachments (R2.2) --------------------------------------------------------------------------

# File types a government attachment may have, with the leading bytes each must start with.
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ATTACHMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "doc": ("application/msword", _OLE),
    "xls": ("application/vnd.ms-excel", _OLE),
    "wps": ("application/vnd.ms-works", _OLE),
    "et": ("application/vnd.ms-excel", _OLE),
    "ofd": ("application/ofd", _ZIP),
    "zip": ("application/zip", _ZIP),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


def _attachment_max_bytes() -> int:
    from django.conf import settings

    return int(getattr(settings, "CATALOG_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))


def _check_attachment_rights(actor, item: InformationItem) -> None:
    if item.status == ItemStatus.PUBLISHED:
        if not permissions.can_correct(actor, item):
            raise PermissionDenied("已公开信息的附件只能由本单位的编制单位管理员更正。")
    elif item.status in EDITABLE:
        if not permissions.can_edit(actor, item):
            raise PermissionDenied("您不能修改这条信息的附件。")
    else:
        raise InvalidTransition(f"信息当前状态为“{item.get_status_display()}”，不能修改附件。")


def attachment_add(
    *, actor, item: InformationItem, filename: str, content: bytes, name: str = "", is_public: bool = True
):
    """Attach a file. On a published item this is a correction by the unit administrator (audited)."""
    from django.core.files.base import ContentFile

    from .models import Attachment

    filename = (filename or "").strip().replace("\\", "/").rsplit("/", 1)[-1]
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext not in ATTACHMENT_TYPES:
        raise ValidationFailed(
            f"不支持的附件类型“{ext or '无扩展名'}”；可上传：{'、'.join(sorted(ATTACHMENT_TYPES))}。"
        )
    if not content:
        raise ValidationFailed("附件是空文件。")
    if len(content) > _attachment_max_bytes():
        raise ValidationFailed(f"附件不能超过 {_attachment_max_bytes() // (1024 * 1024)} MB。")
    content_type, magics = ATTACHMENT_TYPES[ext]
    if not content.startswith(magics):
        raise ValidationFailed(f"文件内容与扩展名“.{ext}”不符，请确认文件没有损坏或被改名。")
    display = (name or "").strip() or filename.rsplit(".", 1)[0]
    if len(display) > 200:
        raise ValidationFailed("附件名称不能超过 200 个字。")
    with transaction.atomic():
        locked = _lock(item)
        _check_attachment_rights(actor, locked)
        attachment = Attachment(item=locked, name=display, size=len(content), content_type=content_type)
        attachment.is_public = bool(is_public)
        safe_name = f"{clock.now():%Y%m%d%H%M%S}-{abs(hash(display)) % 100000:05d}.{ext}"
        attachment.file.save(safe_name, ContentFile(content), save=False)
        attachment.save()
        audit_log(
            actor=actor,
            event="catalog.attachment.added",
            target=locked,
            data={
                "attachment_id": attachment.pk,
                "name": display,
                "size": len(content),
                "public": attachment.is_public,
            },
        )
    return attachment


def attachment_remove(*, actor, attachment) -> None:
    with transaction.atomic():
        locked = _lock(attachment.item)
        _check_attachment_rights(actor, locked)
        audit_log(
            actor=actor,
            event="catalog.attachment.removed",
            target=locked,
            data={"attachment_id": attachment.pk, "name": attachment.name},
        )
        stored = attachment.file.name
        attachment.delete()
        storage = attachment.file.storage
        transaction.on_commit(lambda: storage.delete(stored))
