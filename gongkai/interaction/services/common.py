"""Helpers shared by the writes: timeline events, numbers and codes, telling the writer, clocks."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongkai.core import clock
from gongkai.foi import interface as foi
from gongkai.notifications.enums import Channel as NoticeChannel
from gongkai.notifications.services import notify, notify_external
from gongkai.orgs.enums import Role
from gongkai.orgs.models import RoleAssignment, User
from gongkai.rules import services as rule_services
from gongkai.rules.enums import DeadlineStatus
from gongkai.rules.models import Deadline

from ..events import InteractionEvent
from ..models import Letter, LetterEvent, TrackingSequence

ADDRESS_KIND = "interaction.letter"


def actor_repr(actor) -> str:
    if getattr(actor, "is_authenticated", False):
        return (getattr(actor, "full_name", "") or actor.get_username())[:200]
    return _("来信人") if actor == "writer" else _("系统")


def add_event(
    letter: Letter, *, actor, action="", label: str, from_status="", to_status="", agency=None, note="", public=True
):
    return LetterEvent.objects.create(
        letter=letter,
        at=clock.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_repr=actor_repr(actor),
        action=action,
        label=str(label)[:200],
        from_status=from_status,
        to_status=to_status,
        agency=agency,
        note=note,
        public=public,
    )


def new_code(length: int = foi.QUERY_CODE_LENGTH) -> str:
    return "".join(secrets.choice(foi.QUERY_CODE_ALPHABET) for _i in range(length))


def new_public_id() -> str:
    while True:
        value = new_code(foi.PUBLIC_ID_LENGTH)
        if not Letter.objects.filter(public_id=value).exists():
            return value


def normalise_public_id(value: str) -> str:
    return "".join(c for c in str(value or "").upper() if c.isalnum())[:32]


def next_tracking_number(day: dt.date) -> str:
    seq = TrackingSequence.objects.select_for_update().filter(day=day).first()
    if seq is None:
        try:
            with transaction.atomic():
                seq = TrackingSequence.objects.create(day=day, last=0)
        except IntegrityError:
            seq = TrackingSequence.objects.select_for_update().get(day=day)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"XX{day:%Y%m%d}{seq.last:04d}"


# --- Telling the writer (e-mail and SMS through the outbox; the address is decrypted at send time)


def writer_address(ref_id: str, channel: str) -> tuple[str, str]:
    letter = Letter.objects.filter(pk=int(ref_id) if str(ref_id).isdigit() else 0).first()
    if letter is None:
        return "", ""
    if channel == NoticeChannel.EMAIL:
        return foi.decrypt_text(letter.email_enc, "email"), letter.email_masked
    if channel == NoticeChannel.SMS:
        return foi.decrypt_text(letter.phone_enc, "phone"), letter.phone_masked
    return "", ""


def tell_writer(letter: Letter, *, event: str, subject: str, text: str, dedupe_key: str | None = None) -> None:
    head = _("【%(office)s】您的来信（编号 %(number)s，查询编号 %(public)s）") % {
        "office": letter.office.name,
        "number": letter.tracking_number,
        "public": letter.public_id,
    }
    tail = _("可凭查询编号和查询码在门户网站“查询来信”页面查看详情。")
    notify_external(
        address_ref=f"{ADDRESS_KIND}:{letter.pk}",
        subject=f"{subject}：{letter.tracking_number}",
        body=f"{head}：{text}\n{tail}",
        event=event,
        channels=(NoticeChannel.EMAIL, NoticeChannel.SMS),
        dedupe_key=dedupe_key,
    )


def staff_of(agency_id: int | None, roles) -> list[User]:
    if agency_id is None:
        return []
    ids = RoleAssignment.objects.filter(agency_id=agency_id, role__in=list(roles)).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=list(ids), is_active=True))


OFFICE_ROLES = (Role.DISCLOSURE_OFFICE_STAFF, Role.DISCLOSURE_OFFICE_HEAD)
UNIT_ROLES = (Role.UNIT_ADMIN, Role.LIAISON, Role.SUB_USER, Role.SECTION_HEAD)


def staff_link(letter: Letter) -> str:
    """The back office's page of the letter ("" until the back office registered its link)."""
    from gongkai.core.links import LinkNotRegistered

    try:
        return letter.get_absolute_url()
    except LinkNotRegistered:
        return ""


def tell_staff(agency_id: int | None, roles, *, letter: Letter, subject: str, body: str, key: str) -> None:
    notify(
        recipients=staff_of(agency_id, roles),
        subject=f"{subject}：{letter.tracking_number}",
        body=body,
        link=staff_link(letter),
        event=InteractionEvent.STAFF_NOTICE,
        channels=("in_app",),
        dedupe_key=f"interaction:{letter.pk}:{key}",
    )


# --- Clocks (rules kernel) ----------------------------------------------------------------------


def start_clock(letter: Letter, *, rule_key: str, start, title: str) -> Deadline:
    return rule_services.deadline_start(
        actor=None,
        target=letter,
        agency=letter.handling_agency,
        rule_key=rule_key,
        start=start,
        title=f"{title}：{letter.tracking_number}",
    )


def fresh(deadline_id: int | None) -> Deadline | None:
    return Deadline.objects.filter(pk=deadline_id).first() if deadline_id else None


def close_clock(deadline_id: int | None, *, at: dt.datetime) -> bool | None:
    """Close the clock; whether the work was done in time (None: no clock)."""
    deadline = fresh(deadline_id)
    if deadline is None:
        return None
    on_time = True if deadline.due_at is None else at <= deadline.due_at
    if deadline.status != DeadlineStatus.CLOSED:
        rule_services.deadline_close(actor=None, deadline=deadline, at=at)
    return on_time
