"""Hearings and public attendance (R8.2): announcement, sign-ups (encrypted, rate-limited), selection
within the seats after the sign-up period, minutes published on the policy's page."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.policy import services
from gongkai.policy.enums import HearingKind, HearingState

pytestmark = pytest.mark.django_db


@pytest.fixture
def hearing(draft, drafter, local_rule):
    policy = services.consultation_open(
        actor=drafter, policy=draft, starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 20)
    )
    return services.hearing_announce(
        actor=drafter,
        policy=policy,
        kind=HearingKind.HEARING,
        title="收费标准听证会",
        held_at=timezone.make_aware(dt.datetime(2026, 3, 12, 9, 30)),
        place="旗政府三楼会议室",
        seats=2,
        signup_until=dt.date(2026, 3, 9),
        selection_method="按报名先后",
    )


def test_announce_checks(draft, drafter, outsider, frozen):
    kwargs = {
        "kind": HearingKind.ATTENDANCE,
        "title": "常务会议",
        "held_at": timezone.make_aware(dt.datetime(2026, 3, 5, 9)),
        "place": "会议室",
        "seats": 2,
        "signup_until": dt.date(2026, 3, 6),
        "selection_method": "抽签",
    }
    with pytest.raises(ValidationFailed):
        services.hearing_announce(actor=drafter, policy=draft, **kwargs)
    with pytest.raises(PermissionDenied):
        services.hearing_announce(actor=outsider, policy=draft, **{**kwargs, "signup_until": dt.date(2026, 3, 4)})


def test_signup_selection_and_minutes(client, hearing, drafter, frozen):
    a = services.hearing_signup(
        hearing=hearing, name="王小明", contact="13912345678", statement="家长代表", ip="1.1.1.1"
    )
    b = services.hearing_signup(hearing=hearing, name="李华", contact="li@example.com", ip="1.1.1.2")
    c = services.hearing_signup(hearing=hearing, name="赵六", contact="13700000000", ip="1.1.1.3")
    assert "王小明" not in a.name_enc and a.contact_masked != "13912345678"
    with pytest.raises(InvalidTransition):  # the sign-up period is still running
        services.hearing_select(actor=drafter, hearing=hearing, signup_ids=[a.pk])
    frozen.set(2026, 3, 10)
    with pytest.raises(InvalidTransition):
        services.hearing_signup(hearing=hearing, name="迟到", contact="13800000000", ip="1.1.1.4")
    with pytest.raises(ValidationFailed):  # more than the seats
        services.hearing_select(actor=drafter, hearing=hearing, signup_ids=[a.pk, b.pk, c.pk])
    services.hearing_select(actor=drafter, hearing=hearing, signup_ids=[a.pk, b.pk])
    with pytest.raises(InvalidTransition):  # before the meeting
        services.hearing_record(actor=drafter, hearing=hearing, minutes="记录")
    frozen.set(2026, 3, 12, 12)
    services.hearing_record(actor=drafter, hearing=hearing, minutes="听证代表2人发言，均支持公示收费。")
    hearing.refresh_from_db()
    assert hearing.state == HearingState.HELD
    page = client.get(f"/policies/{hearing.policy_id}/").content.decode()
    assert "均支持公示收费" in page and "13912345678" not in page


def test_signup_page(client, hearing, settings):
    url = f"/policies/{hearing.policy_id}/hearings/{hearing.pk}/signup/"
    assert client.post(url, {"name": "", "contact": ""}).status_code == 422
    assert client.post(url, {"name": "王小明", "contact": "13912345678"}).status_code == 302
    settings.POLICY_COMMENT_MAX_PER_ADDRESS = 1
    assert client.post(url, {"name": "李华", "contact": "13912345679"}).status_code == 429


def test_backoffice_announce_and_select(client, draft, drafter, frozen):
    client.force_login(drafter)
    r = client.post(
        f"/office/policy/{draft.pk}/hearing/",
        {
            "kind": "attendance",
            "title": "常务会议公众列席",
            "held_on": "2026-03-20",
            "held_time": "9点",
            "place": "会议室",
            "seats": "3",
            "signup_until": "2026-03-10",
            "selection_method": "抽签",
        },
        follow=True,
    )
    assert "时:分" in r.content.decode()
    client.post(
        f"/office/policy/{draft.pk}/hearing/",
        {
            "kind": "attendance",
            "title": "常务会议公众列席",
            "held_on": "2026-03-20",
            "held_time": "09:30",
            "place": "会议室",
            "seats": "3",
            "signup_until": "2026-03-10",
            "selection_method": "抽签",
        },
    )
    hearing = draft.hearings.get()
    local = timezone.localtime(hearing.held_at)
    assert (local.hour, local.minute) == (9, 30)
    assert "常务会议公众列席" in client.get(f"/office/policy/{draft.pk}/").content.decode()
