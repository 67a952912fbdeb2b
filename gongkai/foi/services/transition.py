"""The one transition service: ``application_transition`` and the table of action steps."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import InvalidTransition, NotFound, PermissionDenied

from ..actions import registry
from ..enums import (
    APPLICANT_ACTIONS,
    Action,
)
from ..events import FoiEvent
from ..models import (
    Application,
)
from ..transitions import TRANSITIONS
from .common import _APPLICANT_NOTICES, _event, tell_applicant
from .context import _Ctx
from .steps_answer import _do_deliver, _do_draft, _do_review_approved, _do_review_returned, _do_send, _do_submit_review
from .steps_fees import _do_abandon_fee, _do_fee_notice, _do_fee_paid
from .steps_handling import (
    _do_abandon_supplement,
    _do_accept,
    _do_consult,
    _do_end_consultation,
    _do_extend,
    _do_request_supplement,
    _do_supplement,
)
from .steps_transfer import _do_transfer, _do_withdraw


def _check_actor(ctx: _Ctx, action: str, system: bool) -> None:
    if system:
        return
    if ctx.applicant:
        if action not in APPLICANT_ACTIONS:
            raise PermissionDenied("申请人不能执行该操作。")
        return
    spec = registry.get(action)
    if spec.permission is None:
        raise InvalidTransition("该操作由保密审查流程自动完成，不能手动执行。")
    registry.require(ctx.actor, spec, ctx.app)


def application_transition(
    application: Application | int,
    action: str,
    *,
    actor,
    inputs: Any = None,
    applicant: bool = False,
    system: bool = False,
) -> Application:
    """Move an application by ``action`` (see ``transitions.TRANSITIONS``; its spec in ``actions.py``).

    ``actor``: the staff member; ``applicant=True`` for the applicant acting through the query
    code (``actor`` is then None); ``system=True`` for review hooks and the sweep. ``inputs``: the
    action's typed inputs (the spec's ``inputs`` dataclass, e.g. ``actions.ExtendInput``) or a
    mapping parsed into them, after the status and who may act are checked. Raises
    ``InvalidTransition`` when the action is not allowed in the current status,
    ``PermissionDenied``, ``ValidationFailed``, ``Conflict``; nothing is changed then.
    """
    pk = application if isinstance(application, int) else application.pk
    with transaction.atomic():
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("agency", "agency__region", "handler")
            .filter(pk=pk)
            .first()
        )
        if app is None:
            raise NotFound("未找到该申请。")
        ctx = _Ctx(actor=actor, app=app, inputs=None, now=clock.now(), applicant=applicant)
        new_status = TRANSITIONS.get((app.status, action))
        if new_status is None:
            label = Action(action).label if action in Action.values else action
            raise InvalidTransition(
                f"申请当前为“{app.get_status_display()}”，不能“{label}”。",
                detail={"status": app.status, "action": action},
            )
        _check_actor(ctx, action, system)
        ctx.inputs = registry.parse(action, inputs)
        old_status = app.status
        handler = _ACTION_STEPS.get(action)
        if handler is not None:
            handler(ctx)
        app.status = new_status
        app.save()
        actor_for_event = actor if actor is not None else ("applicant" if applicant else None)
        _event(
            app,
            actor=actor_for_event,
            action=action,
            label=Action(action).label,
            from_status=old_status,
            to_status=new_status,
            note=ctx.public_note or ctx.note,
            public=action not in (Action.REOPEN,),
        )
        audit_log(
            actor=actor if actor is not None else ("申请人" if applicant else None),
            event=FoiEvent.action(action),
            target=app,
            data={"old": {"status": old_status}, "new": {"status": new_status}, **ctx.data},
        )
        if action in _APPLICANT_NOTICES and (ctx.public_note or ctx.note):
            tell_applicant(
                app,
                event=FoiEvent.action(action),
                subject=_APPLICANT_NOTICES[action],
                text=ctx.public_note or ctx.note,
            )
    return app


_ACTION_STEPS = {
    Action.ACCEPT: _do_accept,
    Action.REQUEST_SUPPLEMENT: _do_request_supplement,
    Action.SUPPLEMENT: _do_supplement,
    Action.ABANDON_SUPPLEMENT: _do_abandon_supplement,
    Action.CONSULT: _do_consult,
    Action.END_CONSULTATION: _do_end_consultation,
    Action.EXTEND: _do_extend,
    Action.FEE_NOTICE: _do_fee_notice,
    Action.FEE_PAID: _do_fee_paid,
    Action.ABANDON_FEE: _do_abandon_fee,
    Action.DRAFT: _do_draft,
    Action.SUBMIT_REVIEW: _do_submit_review,
    Action.REVIEW_APPROVED: _do_review_approved,
    Action.REVIEW_RETURNED: _do_review_returned,
    Action.SEND: _do_send,
    Action.DELIVER: _do_deliver,
    Action.TRANSFER: _do_transfer,
    Action.WITHDRAW: _do_withdraw,
}
