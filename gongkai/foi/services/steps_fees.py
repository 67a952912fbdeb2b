"""Action steps: the fee notice, payment and abandonment (run inside the transition)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.core.errors import Conflict, DomainError, InvalidTransition, ValidationFailed
from gongkai.rules import selectors as rule_selectors
from gongkai.rules import services as rule_services
from gongkai.rules.enums import DeadlineStatus

from ..enums import (
    DeliveryForm,
    FeeBasis,
    FeeState,
)
from ..fees import compute_fee
from ..models import (
    Application,
    FeeNotice,
    RequestedItem,
)
from .common import _close, _conclude, _deadline_title, _fresh
from .context import _Ctx, _param_date, _param_text
from .steps_handling import _expired

FEE_2020 = "国办函〔2020〕109号《政府信息公开信息处理费管理办法》"


def _start_payment_clock(app: Application, fee: FeeNotice, received_on: dt.date) -> None:
    """109号 第六条: the applicant pays within the period from receiving the notice."""
    fee.received_on = received_on
    fee.deadline = rule_services.deadline_start(
        actor=None,
        target=app,
        agency=app.agency,
        rule_key="foi.fee_payment_period",
        start=received_on,
        handler=app.handler,
        title=_deadline_title(app, "申请人缴费期限"),
    )
    fee.save(update_fields=["received_on", "deadline"])


def _do_fee_notice(ctx: _Ctx) -> None:
    app = ctx.app
    if app.fees.exclude(state=FeeState.CANCELLED).exists():
        raise Conflict("本申请已发出过收费通知；同一申请只能按件或按量选择一种标准计收一次。", code="fee_once")
    answer = _fresh(app.deadline_id)
    if answer is not None and answer.due_at is not None and answer.due_at < ctx.now:
        # 109号 第六条: the fee notice is sent within the period for answering the application.
        raise ValidationFailed(
            f"答复期限已于 {answer.due_date.isoformat()} 届满，不能再发出收费通知"
            f"（{FEE_2020}第六条：应当在政府信息公开申请处理期限内发出收费通知）。",
            code="fee_notice_too_late",
        )
    basis = ctx.inputs.basis
    if basis == FeeBasis.PER_PAGE and app.delivery_form == DeliveryForm.ONSITE:
        # 109号 第五条: per-page fees apply to paper copies, e-mail and copies of electronic
        # data, not to reading on site.
        raise ValidationFailed(
            f"申请人选择现场查阅、抄录的，不适用按量计收（{FEE_2020}第五条）。",
            code="fee_per_page_onsite",
        )
    received_on = _param_date(ctx, "received_on", "申请人收到收费通知日期", required=False)
    units = ctx.inputs.units
    if isinstance(units, str) and units.strip().isdigit():
        units = int(units.strip())
    region = app.agency.region
    day = timezone.localdate(ctx.now)
    try:
        standards = rule_selectors.rule_value("foi.fee_standards", region, day)
    except DomainError:
        raise ValidationFailed("没有适用的信息处理费收费标准（规则 foi.fee_standards），不能收费。") from None
    before = 0
    if basis == FeeBasis.PER_PIECE:
        month_start = app.receipt_date.replace(day=1)
        earlier = Application.objects.filter(
            agency=app.agency,
            applicant_hash=app.applicant_hash,
            receipt_date__gte=month_start,
            receipt_date__lte=app.receipt_date,
            id__lt=app.pk,
        )
        before = RequestedItem.objects.filter(application__in=earlier).count()
    result = compute_fee(standards.value, basis=basis, units=units, units_before=before)
    if result.amount <= 0:
        raise ValidationFailed(
            "按收费标准计算，本申请应收费用为 0 元，无需发出收费通知。", detail={"explain": result.explain()}
        )
    answer = _fresh(app.deadline_id)
    if answer is not None and answer.status == DeadlineStatus.OPEN:
        rule_services.deadline_pause(actor=None, deadline=answer, reason="发出收费通知，等待申请人缴费", at=ctx.now)
    fee = FeeNotice.objects.create(
        application=app,
        basis=basis,
        units=units,
        units_before=before,
        amount=result.amount,
        explanation=result.explain(),
        citation=standards.citation,
        notified_at=ctx.now,
    )
    payment = rule_selectors.rule_value_or_none("foi.fee_payment_period", region, day)
    period = f"{payment.value} 个工作日" if payment is not None else "规定期限"
    if received_on is not None:
        _start_payment_clock(app, fee, received_on)
        when = f"请于 {fee.deadline.due_date.isoformat()} 前缴纳" if fee.deadline.due_date else "请按期缴纳"
    else:
        when = f"请自收到本通知之日起 {period}内缴纳"
    ctx.public_note = (
        f"收费通知：{FeeBasis(basis).label}，应缴信息处理费 {result.amount} 元（{'；'.join(result.explain())}）。"
        f"{when}，逾期未缴纳视为放弃申请（依据：{standards.citation}；{FEE_2020}第六条）。"
    )
    ctx.data["fee"] = {
        "basis": basis,
        "units": units,
        "units_before": before,
        "amount": result.amount,
        "received_on": received_on,
    }


def _open_fee(app: Application) -> FeeNotice:
    fee = app.fees.filter(state=FeeState.NOTIFIED).order_by("-id").first()
    if fee is None:  # pragma: no cover - the status says there is one
        raise InvalidTransition("没有待缴费的收费通知。")
    return fee


def _do_fee_paid(ctx: _Ctx) -> None:
    app = ctx.app
    fee = _open_fee(app)
    note = _param_text(ctx, "note", "缴费说明", required=False, limit=300)
    fee.state, fee.paid_at, fee.payment_note = FeeState.PAID, ctx.now, note
    fee.save(update_fields=["state", "paid_at", "payment_note"])
    _close(_fresh(fee.deadline_id), at=ctx.now)
    answer = _fresh(app.deadline_id)
    if answer is not None and answer.status == DeadlineStatus.PAUSED:
        rule_services.deadline_resume(actor=None, deadline=answer, at=ctx.now)
    ctx.public_note = "已收到信息处理费，继续办理。"


def _do_abandon_fee(ctx: _Ctx) -> None:
    app = ctx.app
    fee = _open_fee(app)
    if not _expired(_fresh(fee.deadline_id), ctx.now):
        raise ValidationFailed("申请人的缴费期限尚未届满，不能视为放弃申请。")
    fee.state = FeeState.LAPSED
    fee.save(update_fields=["state"])
    _conclude(app, outcome="other.no_fee", at=ctx.now)
    ctx.public_note = "申请人逾期未缴纳信息处理费，视为放弃申请，本机关不再处理。"
