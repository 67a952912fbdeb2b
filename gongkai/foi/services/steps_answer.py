"""Action steps: the answer's draft, its 保密审查, sending and delivery (run inside the transition)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.errors import InvalidTransition, ValidationFailed

from .. import replies
from ..enums import (
    AttachmentKind,
    DeliveryMethod,
)
from ..models import (
    AgencyProfile,
    Application,
    LetterSequence,
    RequestedItem,
)
from .common import _conclude, _store_attachments
from .context import _Ctx, _param_date, _param_text
from .inputs import _text


def _published_catalog_item(ref: str):
    """A published catalogue item by its index number (or ``catalog:<id>``), or None."""
    # Through the catalogue's interface only: domain apps do not import each other's internals.
    from gongkai.catalog.interface import published_item

    return published_item(ref)


def _do_draft(ctx: _Ctx) -> None:
    """``decisions``: {item id: {"reply_type", "reason", "published_where", "published_ref"}}."""
    app = ctx.app
    decisions = ctx.inputs.decisions or {}
    items = list(app.items.all())
    errors: dict[str, str] = {}
    updates = []
    for item in items:
        d = decisions.get(item.pk) or decisions.get(str(item.pk)) or {}
        key = d.get("reply_type") or ""
        rt = replies.reply_type(key)
        label = f"第 {item.position} 项"
        if rt is None or not rt.selectable:
            errors[str(item.pk)] = f"{label}：请选择答复类型。"
            continue
        reason = _text(d.get("reason"), 4000)
        where = _text(d.get("published_where"), 500)
        ref = _text(d.get("published_ref"), 100)
        if ref:
            published = _published_catalog_item(ref)
            if published is None:
                errors[str(item.pk)] = f"{label}：公开目录中没有已公开的“{ref}”（请填写索引号）。"
                continue
            ref = published.index_number
            if not where:
                where = (
                    f"政府信息公开目录，索引号 {published.index_number}，《{published.title}》，网址 {published.url}"
                )
        if key in replies.NEEDS_WHERE and not where:
            errors[str(item.pk)] = f"{label}：请写明已公开的位置（网址或获取途径）。"
            continue
        if key in replies.NEEDS_REASON and not reason:
            errors[str(item.pk)] = f"{label}：请填写理由或说明。"
            continue
        item.reply_type, item.reason, item.published_where = key, reason, where
        item.published_ref = ref
        updates.append(item)
    if errors:
        raise ValidationFailed("；".join(errors.values()), detail={"items": errors})
    RequestedItem.objects.bulk_update(updates, ["reply_type", "reason", "published_where", "published_ref"])
    app.reply_summary = _text(ctx.inputs.summary, 4000)
    outcome = replies.overall_outcome([i.reply_type for i in updates])
    ctx.data["decisions"] = {str(i.position): i.reply_type for i in updates}
    ctx.data["outcome"] = outcome
    ctx.note = f"拟定结果：{replies.row_label(outcome)}"


def review_data(app: Application, items: list[RequestedItem], outcome: str) -> dict[str, str]:
    """What the reviewers read on the review page: Chinese labels and values only (the review
    engine shows a review's data as label/value rows; codes stay in the items themselves)."""
    data = {"拟定办理结果": replies.row_label(outcome) or outcome}
    for i in items:
        name = (i.title or i.description)[:40]
        data[f"第 {i.position} 项：{name}"] = i.reply_type_label or i.reply_type
    return data


def _do_submit_review(ctx: _Ctx) -> None:
    from gongkai.workflow import selectors as review_selectors
    from gongkai.workflow import services as review_services
    from gongkai.workflow.enums import ReviewStatus

    app = ctx.app
    items = list(app.items.all())
    if not items or any(not i.reply_type for i in items):
        raise ValidationFailed("每一项所需信息都要先拟定答复类型，才能提交审查。")
    outcome = replies.overall_outcome([i.reply_type for i in items])
    data = review_data(app, items, outcome)
    active = review_selectors.review_active_for(app)
    if active is not None and active.status == ReviewStatus.RETURNED:
        review_services.review_resubmit(actor=ctx.actor, review=active, comment=ctx.inputs.comment, data=data)
    elif active is not None:
        pass  # resubmitted from the review page: the review is already running again
    else:
        review_services.review_start(
            actor=ctx.actor,
            target=app,
            template_key="foi.reply",
            agency=app.agency,
            data=data,
            comment=ctx.inputs.comment,
        )
    ctx.note = "答复已提交保密审查（附件4 第十四条）。"
    ctx.data["outcome"] = outcome


def _do_review_approved(ctx: _Ctx) -> None:
    ctx.note = "保密审查通过，负责人已签发。"


def _do_review_returned(ctx: _Ctx) -> None:
    ctx.note = _text(ctx.inputs.comment, 2000) or "保密审查退回修改。"


def _letter_number(app: Application, year: int) -> tuple[str, int]:
    seq = LetterSequence.objects.select_for_update().filter(agency=app.agency, year=year).first()
    if seq is None:
        try:
            with transaction.atomic():
                seq = LetterSequence.objects.create(agency=app.agency, year=year, last=0)
        except IntegrityError:
            seq = LetterSequence.objects.select_for_update().get(agency=app.agency, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    profile = AgencyProfile.objects.filter(agency=app.agency).first()
    prefix = profile.letter_prefix if profile else (app.agency.short_name or app.agency.name)
    word = profile.letter_word if profile else "依申复"
    return f"{prefix}{word}〔{year}〕{seq.last}号", seq.last


def _do_send(ctx: _Ctx) -> None:
    from gongkai.workflow.selectors import review_is_approved

    from ..letters import build_letter

    app = ctx.app
    if not review_is_approved(app):
        raise InvalidTransition("答复未通过保密审查，不能发出（附件4 第十四条）。")
    items = list(app.items.all())
    outcome = replies.overall_outcome([i.reply_type for i in items])
    _store_attachments(app, ctx.inputs.attachments or [], AttachmentKind.REPLY, ctx.actor)
    year = timezone.localdate(ctx.now).year
    number, seq = _letter_number(app, year)
    app.letter_number, app.letter_year, app.letter_seq = number, year, seq
    _conclude(app, outcome=outcome, at=ctx.now)
    app.letter_docx = build_letter(app, items=items, on=timezone.localdate(ctx.now))
    app.letter_generated_at = ctx.now
    ctx.public_note = f"已作出答复，告知书文号：{number}。"
    ctx.data["letter"] = {"number": number, "outcome": outcome, "on_time": app.on_time}


def _do_deliver(ctx: _Ctx) -> None:
    app = ctx.app
    method = ctx.inputs.method
    if method not in DeliveryMethod.values:
        raise ValidationFailed("请选择送达方式。")
    sent_on = app.concluded_on
    if method == DeliveryMethod.POST:
        posted = _param_date(ctx, "posted_on", "交邮日期")
        delivered = _param_date(ctx, "delivered_on", "签收日期", required=False)
    else:
        posted = None
        delivered = _param_date(ctx, "delivered_on", "送达日期")
    for day, what in ((posted, "交邮日期"), (delivered, "签收或送达日期")):
        if day is not None and sent_on is not None and day < sent_on:
            raise ValidationFailed(f"{what}不能早于答复日期（{sent_on.isoformat()}）。")
    if posted and delivered and delivered < posted:
        raise ValidationFailed("签收日期不能早于交邮日期。")
    app.delivery_method, app.posted_on, app.delivered_on = method, posted, delivered
    app.delivery_note = _param_text(ctx, "note", "送达说明", required=False, limit=300)
    ctx.public_note = f"送达方式：{DeliveryMethod(method).label}" + (
        f"，交邮日期 {posted.isoformat()}" if posted else ""
    )
    ctx.data["delivery"] = {"method": method, "posted_on": posted, "delivered_on": delivered}
