"""Consultations of third parties, other agencies and the public (R3.2, R3.5), on rules clocks."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.catalog.events import CatalogEvent
from gongkai.core import clock
from gongkai.core.errors import DomainError, InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.orgs.models import Agency
from gongkai.rules import services as rule_services
from gongkai.rules.enums import DeadlineStatus

from .. import permissions
from ..enums import ConsultationAnswer, ConsultationKind
from ..models import Consultation, InformationItem

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
            event=CatalogEvent.CONSULTATION_SENT,
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
        audit_log(actor=actor, event=CatalogEvent.CONSULTATION_ANSWERED, target=locked, data={"answer": answer})
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
        actor=None, event=CatalogEvent.CONSULTATION_EXPIRED, target=consultation, data={"answer": consultation.answer}
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
