"""Action steps: accepting, 补正, consultation, extension (run inside the transition)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.core.errors import Conflict, InvalidTransition, ValidationFailed
from gongkai.notifications.services import notify
from gongkai.rules import selectors as rule_selectors
from gongkai.rules import services as rule_services
from gongkai.rules.enums import DeadlineStatus
from gongkai.rules.models import Deadline

from .. import permissions
from ..enums import (
    Action,
    AttachmentKind,
    ConsultationParty,
    ConsultationState,
)
from ..events import FoiEvent
from ..models import (
    Consultation,
)
from .common import (
    _actor_repr,
    _close,
    _conclude,
    _deadline_title,
    _fresh,
    _start_answer_clock,
    _store_attachments,
    handlers_for,
)
from .context import _Ctx, _param_date, _param_text
from .inputs import _text


def _do_accept(ctx: _Ctx) -> None:
    handler = ctx.inputs.handler or (ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None)
    if handler is not None:
        if not permissions.can_handle(handler, ctx.app):
            raise ValidationFailed("经办人须为可办理该申请的工作人员。")
        ctx.app.handler = handler
        if ctx.app.deadline_id:
            Deadline.objects.filter(pk=ctx.app.deadline_id).update(handler=handler)
        ctx.data["handler"] = handler.get_username()
        ctx.note = f"经办人：{_actor_repr(handler)}"


def _do_request_supplement(ctx: _Ctx) -> None:
    app = ctx.app
    text = _param_text(ctx, "text", "需要补正的事项")
    if app.supplement_requested_at is not None:
        raise Conflict("补正只能一次性告知，本申请已告知过补正（条例第三十条）。", code="supplement_once")
    region = app.agency.region
    end = rule_selectors.rule_period_end("foi.supplement_notice_period", region, app.receipt_date)
    if end is not None and timezone.localdate(ctx.now) > end.due_date:
        raise ValidationFailed(
            f"已超过告知补正的期限：应自收到申请之日起 {end.rule.value} 个工作日内（至 {end.due_date.isoformat()}）"
            f"一次性告知（依据：{end.rule.citation}）。",
            code="supplement_too_late",
        )
    _close(_fresh(app.deadline_id), at=ctx.now)
    app.supplement_deadline = rule_services.deadline_start(
        actor=None,
        target=app,
        agency=app.agency,
        rule_key="foi.supplement_reply_period",
        start=ctx.now,
        handler=app.handler,
        title=_deadline_title(app, "申请人补正期限"),
    )
    app.supplement_requested_at = ctx.now
    app.supplement_request_text = text
    due = app.supplement_deadline.due_date
    ctx.public_note = (
        f"需要补正的事项：{text}\n请于 {due.isoformat() if due else '—'} 前补正；答复期限自收到补正之日起重新计算。"
    )
    ctx.data["supplement"] = {"text": text, "due": due}


def _do_supplement(ctx: _Ctx) -> None:
    app = ctx.app
    text = _param_text(ctx, "text", "补正内容")
    files = ctx.inputs.attachments or []
    received = ctx.now
    if not ctx.applicant and ctx.inputs.received_on:
        day = _param_date(ctx, "received_on", "收到补正日期")
        if day < timezone.localdate(app.supplement_requested_at):
            raise ValidationFailed("收到补正日期不能早于告知补正日期。")
        received = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    _store_attachments(app, files, AttachmentKind.SUPPLEMENT, ctx.actor)
    _close(_fresh(app.supplement_deadline_id), at=max(received, app.supplement_requested_at))
    app.supplement_received_at = received
    app.supplement_text = text
    # 条例 art. 30: the period runs from the day the supplemented application is received.
    app.deadline = _start_answer_clock(app, actor=None, start=timezone.localdate(received))
    ctx.public_note = f"补正内容：{text}"
    ctx.data["supplement"] = {"received_at": received, "files": len(files)}


def _expired(deadline: Deadline | None, now: dt.datetime) -> bool:
    return deadline is not None and deadline.due_at is not None and deadline.due_at < now


def _do_abandon_supplement(ctx: _Ctx) -> None:
    app = ctx.app
    if not _expired(_fresh(app.supplement_deadline_id), ctx.now):
        raise ValidationFailed("申请人的补正期限尚未届满，不能视为放弃申请。")
    _conclude(app, outcome="other.no_supplement", at=ctx.now)
    ctx.public_note = "申请人无正当理由逾期未补正，视为放弃申请，本机关不再处理（条例第三十条）。"


def _do_consult(ctx: _Ctx) -> None:
    app = ctx.app
    parties = ctx.inputs.parties or []
    if not parties:
        raise ValidationFailed("请至少填写一个征求意见的对象。")
    answer = _fresh(app.deadline_id)
    if answer is None or answer.status != DeadlineStatus.OPEN:
        raise InvalidTransition("答复期限未在计时，不能暂停。")
    kinds = set()
    rows = []
    for n, party in enumerate(parties, start=1):
        kind = party.get("party_kind")
        name = _text(party.get("party_name"), 200)
        agency = party.get("party_agency")
        if kind not in ConsultationParty.values:
            raise ValidationFailed(f"第 {n} 个征求对象：请选择第三方或其他行政机关。")
        if agency is not None:
            name = name or agency.name
        if not name:
            raise ValidationFailed(f"第 {n} 个征求对象：请填写名称。")
        kinds.add(kind)
        rows.append((kind, name, agency, _text(party.get("question"), 4000)))
    reason = "征求" + "、".join(ConsultationParty(k).label for k in sorted(kinds)) + "意见（不计算在答复期限内）"
    rule_services.deadline_pause(actor=None, deadline=answer, reason=reason, at=ctx.now)
    for kind, name, agency, question in rows:
        c = Consultation.objects.create(
            application=app,
            party_kind=kind,
            party_name=name,
            party_agency=agency if kind == ConsultationParty.AGENCY else None,
            question=question,
            sent_at=ctx.now,
        )
        c.deadline = rule_services.deadline_start(
            actor=None,
            target=app,
            agency=app.agency,
            rule_key=(
                "foi.third_party_consultation_period"
                if kind == ConsultationParty.THIRD_PARTY
                else "foi.agency_consultation_period"
            ),
            start=ctx.now,
            handler=app.handler,
            title=_deadline_title(app, f"征求{name}意见期限"),
        )
        c.save(update_fields=["deadline"])
    ctx.public_note = "正在征求第三方或其他机关意见，征求意见时间不计算在答复期限内（条例第三十二条、第三十四条）。"
    ctx.data["consultations"] = [{"kind": k, "name": n} for k, n, _a, _q in rows]


def _do_end_consultation(ctx: _Ctx) -> None:
    app = ctx.app
    consultations = list(app.consultations.all())
    if any(c.state == ConsultationState.OPEN for c in consultations):
        raise ValidationFailed("尚有征求意见对象未答复且期限未满，不能结束征求意见。")
    answer = _fresh(app.deadline_id)
    ended = [c.closed_at for c in consultations if c.closed_at]
    at = max(ended) if ended else ctx.now
    if answer is not None and answer.status == DeadlineStatus.PAUSED:
        pause = answer.pauses.filter(ended_at__isnull=True).first()
        if pause is not None and at < pause.started_at:
            at = pause.started_at
        rule_services.deadline_resume(actor=None, deadline=answer, at=at)
    ctx.data["resumed_at"] = at


def _do_extend(ctx: _Ctx) -> None:
    app = ctx.app
    reason = _param_text(ctx, "reason", "延长答复期限的理由", limit=300) or app.extension_request_reason
    if app.events.filter(action=Action.EXTEND).exists():
        raise Conflict("答复期限只能延长一次，本申请已延长过（条例第三十三条）。", code="extension_once")
    answer = _fresh(app.deadline_id)
    if answer is None or answer.status == DeadlineStatus.CLOSED:
        raise InvalidTransition("答复期限未在计时，不能延长。")
    answer = rule_services.deadline_extend(actor=None, deadline=answer, reason=reason, approved_by=ctx.actor)
    ext = answer.extensions.order_by("-id").first()
    due = answer.due_date.isoformat() if answer.due_date else "暂停计时结束后确定"
    ctx.public_note = (
        f"因{reason}，经政府信息公开工作机构负责人同意，答复期限延长 {ext.amount} 个工作日，"
        f"延长后的答复期限至 {due}（条例第三十三条第二款）。"
    )
    ctx.data["extension"] = {"amount": ext.amount, "reason": reason, "due": answer.due_date}
    app.extension_requested_at = app.extension_requested_at or ctx.now
    notify(
        recipients=handlers_for(app),
        subject=f"延期已批准：{app.tracking_number}",
        body=ctx.public_note,
        link=app.get_absolute_url(),
        event=FoiEvent.EXTENDED,
        channels=("in_app",),
    )
