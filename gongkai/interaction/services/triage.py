"""Triage helpers: routing rules and the suggestion they make, duplicates, return visits, publishing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import InvalidTransition, ValidationFailed
from gongkai.opinion import interface as opinion
from gongkai.orgs.models import Agency, Region

from .. import permissions
from ..enums import ANSWERED_STATUSES, OPEN_STATUSES, Kind, Status, VisitMethod, VisitResult
from ..events import InteractionEvent
from ..models import Letter, ReturnVisit, RoutingRule
from .common import add_event

# --- Routing rules --------------------------------------------------------------------------------


def _place_of(letter: Letter) -> Region | None:
    """The place the letter is about: the one chosen, else a region of the register named in the text
    (the most specific: townships before counties)."""
    if letter.place_id:
        return letter.place
    text = f"{letter.title}{letter.content}"
    office_region = letter.office.region
    candidates = [r for r in Region.objects.filter(parent=office_region) if r.name and r.name in text]
    if candidates:
        return max(candidates, key=lambda r: len(r.name))
    return None


def _region_chain(region: Region | None) -> list[int]:
    return [r.pk for r in region.ancestors()] if region is not None else []


def route_suggestion(letter: Letter) -> Agency | None:
    """The target of the first active rule of the letter's office that fits: its place is the letter's
    place or a region above it, every keyword it has appears in the text, and its kind (if any)
    matches. Ties go to the lower priority number, then to the more specific place."""
    place = _place_of(letter)
    chain = _region_chain(place)
    text = f"{letter.title}{letter.content}"
    fitting = []
    for rule in RoutingRule.objects.filter(office=letter.office_id, is_active=True).select_related("target", "place"):
        if rule.place_id and rule.place_id not in chain:
            continue
        words = rule.keyword_list()
        if words and not any(w in text for w in words):
            continue
        if rule.kind and rule.kind != letter.kind:
            continue
        if not rule.target.is_active:
            continue
        depth = len(_region_chain(rule.place)) if rule.place_id else 0
        fitting.append((rule.priority, -depth, -len(words), rule.pk, rule.target))
    return min(fitting)[-1] if fitting else None


def routing_rule_save(
    *,
    actor,
    office: Agency,
    target: Agency,
    place: Region | None = None,
    keywords: str = "",
    kind: str = "",
    priority: int = 100,
    is_active: bool = True,
    rule: RoutingRule | None = None,
) -> RoutingRule:
    permissions.require(
        permissions.allows(actor, "coordinate", office.pk), _("只有信箱单位的信箱办工作人员可以维护交办规则。")
    )
    if not isinstance(target, Agency) or not target.is_active:
        raise ValidationFailed(_("请选择交办单位。"))
    keywords = str(keywords or "").strip()[:300]
    if place is None and not keywords and not kind:
        raise ValidationFailed(_("请至少设置地点、主题关键词或来信类型中的一项。"))
    if kind and kind not in Kind.values:
        raise ValidationFailed(_("来信类型无效。"))
    if isinstance(priority, bool) or not isinstance(priority, int) or not 0 <= priority <= 9999:
        raise ValidationFailed(_("优先级应为 0 至 9999 的整数。"))
    with transaction.atomic():
        if rule is None:
            rule = RoutingRule(office=office)
        elif rule.office_id != office.pk:
            raise ValidationFailed(_("交办规则不属于该信箱。"))
        rule.target, rule.place, rule.keywords, rule.kind = target, place, keywords, kind
        rule.priority, rule.is_active = priority, bool(is_active)
        rule.save()
        audit_log(
            actor=actor,
            event=InteractionEvent.ROUTING_RULE_SAVED,
            target=rule,
            data={
                "new": {"target": target.name, "place": place.name if place else "", "keywords": keywords, "kind": kind}
            },
        )
    return rule


def routing_rule_delete(*, actor, rule: RoutingRule) -> None:
    permissions.require(
        permissions.allows(actor, "coordinate", rule.office_id), _("只有信箱单位的信箱办工作人员可以维护交办规则。")
    )
    with transaction.atomic():
        audit_log(actor=actor, event=InteractionEvent.ROUTING_RULE_DELETED, target=rule, data={"old": {"id": rule.pk}})
        rule.delete()


# --- Duplicates -----------------------------------------------------------------------------------


def duplicate_candidates(letter: Letter, *, days: int = 90) -> list[Letter]:
    """Other letters of the same office in the last ``days`` days from the same writer (same phone)
    or with the same or a near-duplicate text (the opinion module's signatures), newest first."""
    since = letter.received_at - dt.timedelta(days=days)
    qs = (
        Letter.objects.filter(office=letter.office_id, received_at__gte=since)
        .exclude(pk=letter.pk)
        .exclude(status__in=[Status.MERGED, Status.OUT_OF_SCOPE])
    )
    same = Q(text_hash=letter.text_hash)
    if letter.writer_hash:
        same |= Q(writer_hash=letter.writer_hash)
    found = {x.pk: x for x in qs.filter(same)}
    if letter.simhash is not None:
        for other in qs.filter(simhash__isnull=False).exclude(pk__in=list(found)):
            if opinion.near_duplicate(letter.simhash, other.simhash):
                found[other.pk] = other
    return sorted(found.values(), key=lambda x: (x.received_at, x.pk), reverse=True)


# --- Return visits ----------------------------------------------------------------------------------


def return_visit_record(
    *, actor, letter: Letter, method: str, visited_on: dt.date, result: str, note: str = ""
) -> ReturnVisit:
    permissions.require(
        permissions.can_coordinate(actor, letter) or permissions.can_handle(actor, letter),
        _("只有信箱单位或承办单位的工作人员可以记录回访。"),
    )
    if letter.status not in ANSWERED_STATUSES:
        raise InvalidTransition(_("来信答复后才能回访。"))
    if method not in VisitMethod.values:
        raise ValidationFailed(_("请选择回访方式。"))
    if result not in VisitResult.values:
        raise ValidationFailed(_("请选择回访结果。"))
    if not isinstance(visited_on, dt.date) or visited_on > clock.today():
        raise ValidationFailed(_("回访日期无效（不能晚于今天）。"))
    with transaction.atomic():
        visit = ReturnVisit.objects.create(
            letter=letter,
            method=method,
            visited_on=visited_on,
            result=result,
            note=str(note or "").strip()[:2000],
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        add_event(
            letter,
            actor=actor,
            label=_("回访（%(m)s）：%(r)s") % {"m": VisitMethod(method).label, "r": VisitResult(result).label},
            note=visit.note,
            public=False,
        )
        audit_log(
            actor=actor,
            event=InteractionEvent.RETURN_VISIT,
            target=letter,
            data={"new": {"method": method, "visited_on": visited_on, "result": result}},
        )
    return visit


# --- Publishing -------------------------------------------------------------------------------------


def letter_publish(*, actor, letter: Letter, publish: bool = True) -> Letter:
    """Show the letter and its reply in the public list (only with the writer's consent, after the reply)."""
    permissions.require(permissions.can_coordinate(actor, letter), _("只有信箱单位的信箱办工作人员可以公开来信。"))
    if publish:
        if not letter.publish_consent:
            raise InvalidTransition(_("来信人未同意公开，不能公开。"))
        if letter.status not in ANSWERED_STATUSES or not letter.reply_text:
            raise InvalidTransition(_("来信答复后才能公开。"))
    with transaction.atomic():
        letter.published = bool(publish)
        letter.published_at = clock.now() if publish else None
        letter.save(update_fields=["published", "published_at", "updated_at"])
        audit_log(
            actor=actor,
            event=InteractionEvent.LETTER_PUBLISHED if publish else InteractionEvent.LETTER_UNPUBLISHED,
            target=letter,
            data={},
        )
        from .public_index import index_letter

        index_letter(letter)
    return letter


def open_letters_of(office_id: int):
    return Letter.objects.filter(office=office_id, status__in=OPEN_STATUSES)


# --- The writer's full contact (audited) --------------------------------------------------------------


def letter_personal_data(*, actor, letter: Letter) -> dict[str, str]:
    """The writer's name, phone, e-mail and address in full, for the staff of the mailbox unit or the
    handling unit itself (matrix ``interaction.personal_data``/``view``); every view is audited."""
    from gongkai.foi import interface as foi

    permissions.require(
        permissions.can_see_personal_data(actor, letter),
        _("只有信箱单位或承办单位的工作人员可以查看来信人完整的联系方式。"),
    )
    with transaction.atomic():
        audit_log(actor=actor, event=InteractionEvent.PERSONAL_DATA_VIEWED, target=letter, data={})
    return {
        "name": foi.decrypt_text(letter.name_enc, "name"),
        "phone": foi.decrypt_text(letter.phone_enc, "phone"),
        "email": foi.decrypt_text(letter.email_enc, "email"),
        "address": foi.decrypt_text(letter.address_enc, "address"),
    }


def letter_attachment(*, actor, letter: Letter, attachment_id: int) -> tuple[str, str, bytes]:
    """(file name, content type, content) of one of the writer's attachments, for the staff who may see
    the writer's personal data (an attachment may hold it); audited."""
    from gongkai.foi import interface as foi

    permissions.require(
        permissions.can_see_personal_data(actor, letter),
        _("只有信箱单位或承办单位的工作人员可以查看来信附件。"),
    )
    item = letter.attachments.filter(pk=attachment_id).first()
    if item is None:
        raise ValidationFailed(_("未找到该附件。"))
    with transaction.atomic():
        audit_log(
            actor=actor, event=InteractionEvent.PERSONAL_DATA_VIEWED, target=letter, data={"attachment": item.name}
        )
    return item.name, item.content_type, foi.decrypt_bytes(bytes(item.data_enc), "attachment")
