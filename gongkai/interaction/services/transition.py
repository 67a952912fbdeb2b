"""``letter_transition``: the one place that changes a letter's status (``transitions.py``).

Each action checks who may take it, applies the table, runs its step (clocks on the rules
kernel, the review engine for the reply, messages to the writer and the units) and writes the
timeline and the audit log, all in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.orgs.models import Agency
from gongkai.rules import services as rule_services
from gongkai.workflow import selectors as review_selectors
from gongkai.workflow import services as review_services

from .. import permissions
from ..enums import Action, Rating, ReplyKind, Status
from ..events import InteractionEvent
from ..models import Letter
from ..rules import ANSWER_PERIOD, CLAIM_PERIOD
from ..transitions import next_status
from .common import OFFICE_ROLES, UNIT_ROLES, add_event, close_clock, fresh, start_clock, tell_staff, tell_writer

REVIEW_TEMPLATE = "interaction.reply"

# Who may take each action: "coordinate" (mailbox office), "handle" (handling unit), "approve",
# "system" (review hooks, sweep) or "writer" (through the query code).
WHO: dict[str, str] = {
    Action.ROUTE: "coordinate",
    Action.REJECT_SCOPE: "coordinate",
    Action.MERGE: "coordinate",
    Action.TRANSFER: "coordinate",
    Action.UPHOLD: "coordinate",
    Action.REDO: "coordinate",
    Action.CLAIM: "handle",
    Action.SEND_BACK: "handle",
    Action.DRAFT: "handle",
    Action.SUBMIT_REVIEW: "handle",
    Action.EXTEND: "approve",
    Action.REVIEW_APPROVED: "system",
    Action.REVIEW_RETURNED: "system",
    Action.CLOSE: "system",
    Action.RATE_SATISFIED: "writer",
    Action.RATE_DISSATISFIED: "writer",
}


def _check_actor(actor, letter: Letter, action: str, *, system: bool, writer: bool) -> None:
    who = WHO[action]
    if who == "system":
        if not system:
            raise PermissionDenied(_("该环节由系统自动处理。"))
        return
    if who == "writer":
        if not writer:
            raise PermissionDenied(_("只有来信人可以评价答复。"))
        return
    if system:
        return
    ok = {
        "coordinate": permissions.can_coordinate,
        "handle": permissions.can_handle,
        "approve": permissions.can_approve,
    }[who](actor, letter)
    if not ok:
        raise PermissionDenied(
            {
                "coordinate": _("只有信箱单位的信箱办（政务公开办）工作人员可以执行该操作。"),
                "handle": _("只有承办单位的工作人员可以执行该操作。"),
                "approve": _("延长答复期限须经信箱单位负责人批准，您无权批准。"),
            }[who]
        )


def _reason(params: dict[str, Any], message: str, limit: int = 2000) -> str:
    value = str(params.get("reason") or "").strip()[:limit]
    if not value:
        raise ValidationFailed(message)
    return value


def _agency(value) -> Agency:
    if isinstance(value, int | str) and str(value).isdigit():
        value = Agency.objects.filter(pk=int(value), is_active=True).first()
    if not isinstance(value, Agency) or not value.is_active:
        raise ValidationFailed(_("请选择承办单位。"))
    return value


def _assign(letter: Letter, agency: Agency, now) -> None:
    letter.handling_agency = agency
    letter.claimed_at = None
    letter.claim_deadline = start_clock(letter, rule_key=CLAIM_PERIOD, start=now, title=_("来信认领期限"))
    tell_staff(
        agency.pk,
        UNIT_ROLES,
        letter=letter,
        subject=_("交办来信"),
        body=_("%(office)s交办来信“%(title)s”，请在期限内认领或说明理由退回。")
        % {"office": letter.office.name, "title": letter.title},
        key=f"assigned:{agency.pk}:{letter.events.count()}",
    )


def _conclude(letter: Letter, now) -> None:
    letter.concluded_at = now
    close_clock(letter.claim_deadline_id, at=now)
    close_clock(letter.answer_deadline_id, at=now)


Step = tuple[str, Agency | None, bool]


def _do_route(letter: Letter, actor, params: dict[str, Any], now) -> Step:
    from .triage import route_suggestion

    target = params.get("agency") or route_suggestion(letter)
    if target is None:
        raise ValidationFailed(_("没有适用的交办规则，请选择承办单位。"))
    target = _agency(target)
    _assign(letter, target, now)
    return _("交 %(unit)s 办理") % {"unit": target.name}, target, True


def _do_transfer(letter: Letter, actor, params: dict[str, Any], now) -> Step:
    target = _agency(params.get("agency"))
    if target.pk == letter.handling_agency_id:
        raise ValidationFailed(_("转办单位不能是当前承办单位。"))
    reason = _reason(params, _("请填写转办理由。"))
    close_clock(letter.claim_deadline_id, at=now)
    close_clock(letter.answer_deadline_id, at=now)
    letter.answer_deadline = None
    previous = letter.handling_agency.name if letter.handling_agency_id else ""
    _assign(letter, target, now)
    return _("由 %(a)s 转 %(b)s 办理：%(r)s") % {"a": previous, "b": target.name, "r": reason}, target, True


def _do_reject_scope(letter: Letter, actor, params: dict[str, Any], now) -> Step:
    reason = _reason(params, _("请说明不予受理的理由（例如应通过诉讼、仲裁等途径解决），该说明将告知来信人。"))
    letter.scope_note = reason
    letter.reply_kind = ReplyKind.EXPLANATION
    letter.reply_text = reason
    _conclude(letter, now)
    tell_writer(letter, event=InteractionEvent.NOTICE_OUT_OF_SCOPE, subject=_("来信不予受理告知"), text=reason)
    return reason, None, True


def _do_merge(letter: Letter, actor, params: dict[str, Any], now) -> Step:
    into = params.get("into")
    if not isinstance(into, Letter) or into.pk == letter.pk or into.office_id != letter.office_id:
        raise ValidationFailed(_("请选择同一信箱中要合并到的来信。"))
    if into.status in (Status.MERGED, Status.OUT_OF_SCOPE):
        raise ValidationFailed(_("不能合并到已合并或不予受理的来信。"))
    letter.merged_into = into
    _conclude(letter, now)
    audit_log(
        actor=actor,
        event=InteractionEvent.LETTER_MERGED,
        target=letter,
        data={"into": into.tracking_number},
    )
    add_event(into, actor=actor, label=_("合并重复来信 %(n)s") % {"n": letter.tracking_number}, public=False)
    tell_writer(
        letter,
        event=InteractionEvent.NOTICE_MERGED,
        subject=_("来信合并办理告知"),
        text=_("您的来信与已收到的来信内容相同，已合并办理，答复将一并告知。"),
    )
    return _("与来信 %(n)s 内容相同，合并办理") % {"n": into.tracking_number}, None, True


def _do_claim(letter: Letter, actor, params: dict[str, Any], now) -> Step:
    letter.claimed_at = now
    letter.claimed_on_time = close_clock(letter.claim_deadline_id, at=now)
    letter.answer_deadline = start_clock(letter, rule_key=ANSWER_PERIOD, start=now, title=_("来信答复期限"))
    due = letter.answer_deadline.due_date
    return (
        (_("已认领，答复期限至 %(d)s") % {"d": due.isoformat()} if due else _("已认领")),
        letter.handling_agency,
        True,
    )


def _do_send_back(letter: Letter, actor, params: dict[str, Any], now) -> Step:
    reason = _reason(params, _("请填写退回理由。"))
    close_clock(letter.claim_deadline_id, at=now)
    unit = letter.handling_agency
    letter.handling_agency = None
    tell_staff(
        letter.office_id,
        OFFICE_ROLES,
        letter=letter,
        subject=_("来信被退回"),
        body=_("%(unit)s退回来信：%(r)s") % {"unit": unit.name if unit else "", "r": reason},
        key=f"sent_back:{letter.events.count()}",
    )
    return _("%(unit)s退回：%(r)s") % {"unit": unit.name if unit else "", "r": reason}, unit, False


def _do_extend(letter: Letter, actor, params: dict[str, Any], now) -> Step:
    reason = _reason(params, _("请填写延长答复期限的理由。"))
    deadline = fresh(letter.answer_deadline_id)
    if deadline is None:
        raise InvalidTransition(_("尚未开始计算答复期限，不能延期。"))
    deadline = rule_services.deadline_extend(actor=None, deadline=deadline, reason=reason, approved_by=actor)
    tell_writer(
        letter,
        event=InteractionEvent.NOTICE_EXTENDED,
        subject=_("延长答复期限告知"),
        text=_("因情况复杂，答复期限延长至 %(d)s。")
        % {"d": deadline.due_date.isoformat() if deadline.due_date else ""},
    )
    return (
        _("经批准延长答复期限至 %(d)s：%(r)s")
        % {
            "d": deadline.due_date.isoformat() if deadline.due_date else "",
            "r": reason,
        },
        None,
        True,
    )


def _do_draft(letter: Letter, actor, params: dict[str, Any], now) -> Step:
    kind = params.get("reply_kind") or ReplyKind.ANSWER
    if kind not in ReplyKind.values:
        raise ValidationFailed(_("请选择答复方式。"))
    text = str(params.get("reply_text") or "").strip()
    if len(text) < 10:
        raise ValidationFailed(_("请填写答复内容（至少 10 个字）；无法解决的，应向来信人说明原因。"))
    letter.reply_kind, letter.reply_text = kind, text[:10000]
    return _("拟写%(k)s") % {"k": ReplyKind(kind).label}, None, False


def _do_submit_review(letter: Letter, actor, params: dict[str, Any], now) -> Step:
    if not letter.reply_text:
        raise ValidationFailed(_("请先拟写答复。"))
    if review_selectors.review_active_for(letter) is None:
        review_services.review_start(
            actor=actor,
            target=letter,
            template_key=REVIEW_TEMPLATE,
            agency=letter.handling_agency,
            comment=str(params.get("comment") or ""),
        )
    return _("答复已送审"), None, False


def _do_review_approved(letter: Letter, actor, params: dict[str, Any], now) -> Step:
    letter.replied_at = now
    letter.replied_on_time = close_clock(letter.answer_deadline_id, at=now)
    tell_writer(
        letter,
        event=InteractionEvent.NOTICE_REPLIED,
        subject=_("来信答复"),
        text=_("%(unit)s已答复您的来信。请登录查询页面查看答复并评价（满意、基本满意或不满意）。")
        % {"unit": letter.handling_agency.name if letter.handling_agency_id else letter.office.name},
        dedupe_key=f"replied:{letter.rounds}",
    )
    return _("答复经审核后发出（%(k)s）") % {"k": letter.get_reply_kind_display()}, letter.handling_agency, True


def _do_review_returned(letter: Letter, actor, params: dict[str, Any], now) -> Step:
    return str(params.get("comment") or _("审核退回，请修改答复")), None, False


def _rate(letter: Letter, params: dict[str, Any], now, *, dissatisfied: bool) -> Step:
    """Shared by the writer's ratings and the sweep's close (no rating: deemed satisfied)."""
    rating = params.get("rating", "")
    reason = str(params.get("reason") or "").strip()[:2000]
    if rating:
        letter.rating, letter.rating_reason, letter.rated_at = rating, reason, now
    if dissatisfied:
        tell_staff(
            letter.office_id,
            OFFICE_ROLES,
            letter=letter,
            subject=_("来信人对答复不满意"),
            body=_("来信人对“%(t)s”的答复不满意：%(r)s。请复核。") % {"t": letter.title, "r": reason},
            key=f"dissatisfied:{letter.rounds}",
        )
    else:
        _conclude(letter, now)
    label = Rating(rating).label if rating else _("逾期未评价，视为满意")
    return _("来信人评价：%(l)s%(r)s") % {"l": label, "r": f"（{reason}）" if reason else ""}, None, True


def _do_rate_satisfied(letter: Letter, actor, params: dict[str, Any], now) -> Step:
    return _rate(letter, params, now, dissatisfied=False)


def _do_rate_dissatisfied(letter: Letter, actor, params: dict[str, Any], now) -> Step:
    return _rate(letter, params, now, dissatisfied=True)


def _do_uphold(letter: Letter, actor, params: dict[str, Any], now) -> Step:
    reason = _reason(params, _("请填写复核意见。"))
    letter.supervisor_note = reason
    _conclude(letter, now)
    tell_writer(letter, event=InteractionEvent.NOTICE_UPHELD, subject=_("不满意复核结果"), text=reason)
    return _("复核维持原答复：%(r)s") % {"r": reason}, None, True


def _do_redo(letter: Letter, actor, params: dict[str, Any], now) -> Step:
    reason = _reason(params, _("请填写复核意见（需重新办理的事项）。"))
    letter.supervisor_note = reason
    letter.reopened = True
    letter.rounds += 1
    letter.replied_at = None
    letter.replied_on_time = None
    letter.answer_deadline = start_clock(letter, rule_key=ANSWER_PERIOD, start=now, title=_("来信重新办理答复期限"))
    tell_staff(
        letter.handling_agency_id,
        UNIT_ROLES,
        letter=letter,
        subject=_("来信重新办理"),
        body=_("信箱单位复核来信人不满意的答复，要求重新办理：%(r)s") % {"r": reason},
        key=f"redo:{letter.rounds}",
    )
    tell_writer(
        letter,
        event=InteractionEvent.NOTICE_REDO,
        subject=_("不满意复核结果"),
        text=_("已要求承办单位重新办理：%(r)s") % {"r": reason},
    )
    return _("复核要求重新办理：%(r)s") % {"r": reason}, letter.handling_agency, True


# One step per action: each changes the letter, starts/stops clocks and sends messages, and returns
# (timeline note, agency involved, whether the timeline entry is public).
STEPS: dict[str, Any] = {
    Action.ROUTE: _do_route,
    Action.TRANSFER: _do_transfer,
    Action.REJECT_SCOPE: _do_reject_scope,
    Action.MERGE: _do_merge,
    Action.CLAIM: _do_claim,
    Action.SEND_BACK: _do_send_back,
    Action.EXTEND: _do_extend,
    Action.DRAFT: _do_draft,
    Action.SUBMIT_REVIEW: _do_submit_review,
    Action.REVIEW_APPROVED: _do_review_approved,
    Action.REVIEW_RETURNED: _do_review_returned,
    Action.RATE_SATISFIED: _do_rate_satisfied,
    Action.RATE_DISSATISFIED: _do_rate_dissatisfied,
    Action.CLOSE: _do_rate_satisfied,
    Action.UPHOLD: _do_uphold,
    Action.REDO: _do_redo,
}


def _step(letter: Letter, action: str, actor, params: dict[str, Any], now) -> Step:
    """Run the action's own step; returns (timeline note, agency involved, public)."""
    step = STEPS.get(action)
    if step is None:  # pragma: no cover - the table has no other action
        raise InvalidTransition(_("未知的操作。"))
    return step(letter, actor, params, now)


def letter_transition(
    *, actor, letter: Letter | int, action: str, system: bool = False, writer: bool = False, **params: Any
) -> Letter:
    if action not in Action.values:
        raise ValidationFailed(_("未知的操作。"))
    with transaction.atomic():
        pk = letter if isinstance(letter, int) else letter.pk
        locked = Letter.objects.select_for_update(of=("self",)).select_related("office", "handling_agency").get(pk=pk)
        _check_actor(actor, locked, action, system=system, writer=writer)
        if action == Action.RATE_DISSATISFIED and locked.reopened:
            action = Action.CLOSE  # reopened once already: the second dissatisfied rating is recorded and closes it
            params.setdefault("rating", Rating.DISSATISFIED)
        new_status = next_status(locked.status, action)
        if new_status is None:
            raise InvalidTransition(
                _("来信当前为“%(s)s”，不能%(a)s。") % {"s": locked.get_status_display(), "a": Action(action).label}
            )
        now = clock.now()
        before = locked.status
        note, agency, public = _step(locked, action, actor, params, now)
        locked.status = new_status
        locked.save()
        add_event(
            locked,
            actor="writer" if writer else (None if system and not getattr(actor, "is_authenticated", False) else actor),
            action=action,
            label=Action(action).label,
            from_status=before,
            to_status=new_status,
            agency=agency,
            note=note,
            public=public,
        )
        audit_log(
            actor=actor if not writer else "来信人",
            event=InteractionEvent.letter_action(action),
            target=locked,
            data={"old": {"status": before}, "new": {"status": new_status}},
        )
    return locked


def letter_rate(*, letter: Letter, rating: str, reason: str = "") -> Letter:
    """The writer (authenticated by the query code) rates the reply. A dissatisfied rating sends
    the case to the supervising office once; after that it is recorded and the case closes."""
    if rating not in Rating.values:
        raise ValidationFailed(_("请选择评价：满意、基本满意或不满意。"))
    if rating == Rating.DISSATISFIED and not str(reason or "").strip():
        raise ValidationFailed(_("请说明不满意的理由。"))
    action = Action.RATE_DISSATISFIED if rating == Rating.DISSATISFIED else Action.RATE_SATISFIED
    return letter_transition(actor=None, letter=letter, action=action, writer=True, rating=rating, reason=reason)
