"""Messages to people without an account (e-mail and SMS through the outbox; the SMS gateway)."""

import datetime as dt

import pytest
from django.core import mail

from gongkai.notifications import sms
from gongkai.notifications.enums import Channel, Status
from gongkai.notifications.models import ExternalMessage
from gongkai.notifications.services import notify_external, outbox_dispatch, register_address_resolver

ADDRESSES = {"1": {"email": ("li@example.cn", "l*@example.cn"), "sms": ("13912345678", "139****5678")}}


class FailingSms(sms.BaseBackend):
    def send_messages(self, messages):
        raise ConnectionError("短信网关不可用")


@pytest.fixture(autouse=True)
def resolver(settings):
    register_address_resolver("test.person", lambda ref_id, channel: ADDRESSES.get(ref_id, {}).get(channel, ("", "")))
    settings.SMS_BACKEND = "gongkai.notifications.sms.LocmemBackend"
    sms.outbox.clear()


def test_external_messages_are_sent_to_the_resolved_addresses_and_deduplicated(db, frozen):
    rows = notify_external(address_ref="test.person:1", subject="回执", body="已收到", event="t", dedupe_key="k")
    assert [(r.channel, r.status, r.address_masked) for r in rows] == [
        (Channel.EMAIL, Status.PENDING, "l*@example.cn"),
        (Channel.SMS, Status.PENDING, "139****5678"),
    ]
    # the outbox keeps a reference and a mask, not the address
    assert not ExternalMessage.objects.filter(address_ref__contains="13912345678").exists()
    assert notify_external(address_ref="test.person:1", subject="回执", body="已收到", dedupe_key="k") == []
    assert outbox_dispatch() == {"sent": 2, "retried": 0, "failed": 0}
    assert [m.to for m in mail.outbox] == [["li@example.cn"]]
    assert [(m.to, m.text) for m in sms.outbox] == [("13912345678", "已收到")]


def test_unknown_contact_is_skipped_and_a_secret_is_not_kept(db, frozen):
    [skipped] = notify_external(
        address_ref="test.person:2",
        subject="查询码",
        body="新的查询码 ABC",
        channels=[Channel.SMS],
        body_after_send="（略）",
    )
    assert (skipped.status, skipped.body) == (Status.SKIPPED, "（略）")
    [row] = notify_external(
        address_ref="test.person:1",
        subject="查询码",
        body="新的查询码 ABC",
        channels=[Channel.SMS],
        body_after_send="（略）",
    )
    outbox_dispatch()
    row.refresh_from_db()
    assert (row.status, row.body, row.body_after_send) == (Status.SENT, "（略）", "")
    assert sms.outbox[0].text == "新的查询码 ABC"


def test_a_failing_sms_gateway_is_retried_with_backoff_then_marked_failed(db, frozen, settings):
    settings.SMS_BACKEND = "tests.notifications.test_external.FailingSms"
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    [row] = notify_external(address_ref="test.person:1", subject="s", body="b", channels=[Channel.SMS])
    assert outbox_dispatch() == {"sent": 0, "retried": 1, "failed": 0}
    row.refresh_from_db()
    assert row.status == Status.PENDING and "短信网关不可用" in row.last_error
    assert row.next_attempt_at == frozen() + dt.timedelta(seconds=60)
    frozen.advance(seconds=61)
    assert outbox_dispatch() == {"sent": 0, "retried": 0, "failed": 1}
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, 2)


def test_file_backend_writes_one_file_per_message(tmp_path):
    sms.FileBackend(tmp_path / "sms").send_messages([sms.SmsMessage("13912345678", "你好"), sms.SmsMessage("1", "2")])
    assert len(list((tmp_path / "sms").glob("*.json"))) == 2
