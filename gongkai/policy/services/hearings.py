"""Hearings and public attendance (R8.2)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import InvalidTransition, ValidationFailed
from gongkai.foi import interface as foi_interface

from ..enums import (
    HearingKind,
    HearingState,
)
from ..events import PolicyEvent
from ..models import (
    Hearing,
    HearingSignup,
    Policy,
)
from .comments import CommentThrottled, _comment_limits
from .common import _require_drafter, _text

# --- Hearings and public attendance (R8.2) --------------------------------------------------------------


def hearing_announce(
    *,
    actor,
    policy: Policy,
    kind: str,
    title: str,
    held_at: dt.datetime,
    place: str,
    seats: int,
    signup_until: dt.date,
    selection_method: str,
) -> Hearing:
    _require_drafter(actor, policy)
    if kind not in HearingKind.values:
        raise ValidationFailed(_("请选择听证会或公众列席会议。"))
    if not isinstance(seats, int) or not 1 <= seats <= 500:
        raise ValidationFailed(_("名额应为 1 到 500 之间的整数。"))
    today = clock.today()
    if signup_until < today:
        raise ValidationFailed(_("报名截止日期不能早于今天。"))
    if held_at.date() <= signup_until:
        raise ValidationFailed(_("举行日期须晚于报名截止日期。"))
    with transaction.atomic():
        hearing = Hearing.objects.create(
            policy=policy,
            kind=kind,
            title=_text(title, _("名称"), max_length=300),
            held_at=held_at,
            place=_text(place, _("地点"), max_length=200),
            seats=seats,
            signup_until=signup_until,
            selection_method=_text(selection_method, _("遴选方式"), max_length=300),
            created_by=actor,
        )
        audit_log(
            actor=actor, event=PolicyEvent.HEARING_ANNOUNCED, target=hearing, data={"policy": policy.pk, "kind": kind}
        )
    return hearing


def hearing_signup(*, hearing: Hearing, name: str, contact: str, statement: str = "", ip: str = "") -> HearingSignup:
    """A citizen signs up (name and contact required: the unit must reach those selected)."""
    if hearing.state != HearingState.ANNOUNCED or clock.today() > hearing.signup_until:
        raise InvalidTransition(_("该会议的报名已截止。"))
    name = _text(name, _("姓名"), max_length=50)
    contact = _text(contact, _("联系方式"), max_length=100)
    window, per_address = _comment_limits()
    ip_key = foi_interface.blind_index("policy-hearing", "ip", ip or "unknown")
    since = clock.now() - dt.timedelta(minutes=window)
    with transaction.atomic():
        if HearingSignup.objects.filter(ip_key=ip_key, created_at__gte=since).count() >= per_address:
            raise CommentThrottled(
                _("同一网络地址在 %(w)s 分钟内最多可报名 %(n)s 次，请稍后再试。") % {"w": window, "n": per_address}
            )
        row = HearingSignup.objects.create(
            hearing=hearing,
            name_enc=foi_interface.encrypt_text(name, "policy_hearing_name"),
            name_masked=foi_interface.mask_name(name),
            contact_enc=foi_interface.encrypt_text(contact, "policy_hearing_contact"),
            contact_masked=foi_interface.mask_email(contact) if "@" in contact else foi_interface.mask_phone(contact),
            statement=_text(statement, _("报名理由"), required=False, max_length=2000),
            ip_key=ip_key,
        )
        audit_log(
            actor=None,
            event=PolicyEvent.HEARING_SIGNUP,
            target=row,
            agency_id=hearing.policy.agency_id,
            data={"hearing": hearing.pk},
        )
    return row


def hearing_select(*, actor, hearing: Hearing, signup_ids: list[int]) -> Hearing:
    """Select the participants after the sign-up period, within the seats."""
    _require_drafter(actor, hearing.policy)
    if hearing.state != HearingState.ANNOUNCED:
        raise InvalidTransition(_("参加人员已确定。"))
    if clock.today() <= hearing.signup_until:
        raise InvalidTransition(_("报名截止后才能确定参加人员。"))
    ids = set(signup_ids)
    if not ids or len(ids) > hearing.seats:
        raise ValidationFailed(_("请选择 1 到 %(n)s 名参加人员。") % {"n": hearing.seats})
    with transaction.atomic():
        found = hearing.signups.filter(pk__in=ids)
        if found.count() != len(ids):
            raise ValidationFailed(_("所选人员不在报名名单中。"))
        found.update(selected=True)
        hearing.state = HearingState.SELECTED
        hearing.save(update_fields=["state", "updated_at"])
        audit_log(actor=actor, event=PolicyEvent.HEARING_SELECTED, target=hearing, data={"selected": sorted(ids)})
    return hearing


def hearing_record(*, actor, hearing: Hearing, minutes: str) -> Hearing:
    """Record the minutes after the meeting; they are published on the policy's page."""
    _require_drafter(actor, hearing.policy)
    if hearing.state == HearingState.HELD:
        raise InvalidTransition(_("会议记录已公开。"))
    if clock.now() < hearing.held_at:
        raise InvalidTransition(_("会议举行后才能记录。"))
    with transaction.atomic():
        hearing.minutes = _text(minutes, _("会议记录"), max_length=50000)
        hearing.state = HearingState.HELD
        hearing.save(update_fields=["minutes", "state", "updated_at"])
        audit_log(actor=actor, event=PolicyEvent.HEARING_RECORDED, target=hearing, data={})
    return hearing
