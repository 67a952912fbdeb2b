import pytest
from django.urls import reverse

from gongkai.notifications.enums import Channel, Status
from gongkai.notifications.models import Notification
from gongkai.notifications.services import notify, outbox_dispatch
from tests.factories import UserFactory

from .test_outbox import FAILING


@pytest.fixture
def reader(db):
    return UserFactory(username="reader", full_name="收件人", email="reader@example.org")


@pytest.fixture
def notes(reader, unit_admin):
    mine = notify(recipients=[reader], subject="待审核：甲", link="/office/reviews/7/", channels=[Channel.IN_APP])
    mine += notify(
        recipients=[reader], subject="逾期提醒：乙", link="https://evil.example/x", channels=[Channel.IN_APP]
    )
    theirs = notify(recipients=[unit_admin], subject="别人的通知", channels=[Channel.IN_APP])
    return mine, theirs


@pytest.fixture
def failed_mail(reader, settings):
    settings.EMAIL_BACKEND = FAILING
    settings.NOTIFICATION_MAX_ATTEMPTS = 1
    [row] = notify(recipients=[reader], subject="失败的邮件", channels=[Channel.EMAIL])
    outbox_dispatch()
    return Notification.objects.get(pk=row.pk)


def read_at(row):
    return Notification.objects.get(pk=row.pk).read_at


# --- pages -------------------------------------------------------------------------------


def test_the_list_shows_only_ones_own_notifications_and_the_unread_count(client, reader, notes):
    client.force_login(reader)
    page = client.get(reverse("backoffice:notification_list")).content.decode()
    assert "待审核：甲" in page and "逾期提醒：乙" in page
    assert "别人的通知" not in page
    assert "未读 2 条" in page


def test_anonymous_users_are_sent_to_sign_in(client, notes):
    mine, _ = notes
    assert client.get(reverse("backoffice:notification_list")).status_code == 302
    response = client.post(reverse("backoffice:notification_read", args=[mine[0].pk]))
    assert response.status_code == 302
    assert read_at(mine[0]) is None


def test_mark_read_and_open_the_link(client, reader, notes):
    mine, _ = notes
    client.force_login(reader)
    response = client.post(reverse("backoffice:notification_read", args=[mine[0].pk]), {"open": "1"})
    assert response.status_code == 302
    assert response.url == "/office/reviews/7/"
    assert read_at(mine[0]) is not None
    # a link to another site is never followed
    response = client.post(reverse("backoffice:notification_read", args=[mine[1].pk]), {"open": "1"})
    assert response.url == reverse("backoffice:notification_list")
    assert read_at(mine[1]) is not None


def test_another_users_notification_cannot_be_marked(client, reader, notes):
    _, theirs = notes
    client.force_login(reader)
    response = client.post(reverse("backoffice:notification_read", args=[theirs[0].pk]))
    assert response.status_code == 404
    assert "未找到该通知。" in response.content.decode()
    assert read_at(theirs[0]) is None


def test_mark_all_read(client, reader, notes):
    mine, theirs = notes
    client.force_login(reader)
    response = client.post(reverse("backoffice:notification_read_all"))
    assert response.status_code == 302
    assert all(read_at(n) is not None for n in mine)
    assert read_at(theirs[0]) is None
    assert "未读 0 条" in client.get(reverse("backoffice:notification_list")).content.decode()


def test_the_outbox_page_is_for_system_administrators(client, sysadmin, unit_admin, failed_mail):
    url = reverse("backoffice:notification_outbox")
    client.force_login(unit_admin)
    response = client.get(url)
    assert response.status_code == 403
    assert "只有系统管理员可以执行此操作。" in response.content.decode()
    client.force_login(sysadmin)
    page = client.get(url + "?status=failed").content.decode()
    assert "失败的邮件" in page
    assert "ConnectionRefusedError: 邮件服务器拒绝连接" in page
    assert "发送失败（1）" in page
    assert "重新发送" in page


def test_retry_from_the_outbox_page(client, sysadmin, unit_admin, failed_mail):
    url = reverse("backoffice:notification_retry", args=[failed_mail.pk])
    client.force_login(unit_admin)
    assert client.post(url).status_code == 403
    assert Notification.objects.get(pk=failed_mail.pk).status == Status.FAILED
    client.force_login(sysadmin)
    response = client.post(url, {"status": "failed"})
    assert response.status_code == 302
    assert response.url == reverse("backoffice:notification_outbox") + "?status=failed"
    assert Notification.objects.get(pk=failed_mail.pk).status == Status.PENDING
    # retrying again (now pending) is refused with a message, not an error page
    response = client.post(url, follow=True)
    assert "只能重新发送发送失败或未发送的邮件。" in response.content.decode()


# --- API -----------------------------------------------------------------------------------


def test_api_lists_ones_own_notifications(client, reader, notes):
    client.force_login(reader)
    body = client.get("/api/v1/notifications").json()
    assert (body["count"], body["unread"], body["page"]) == (2, 2, 1)
    assert {item["subject"] for item in body["items"]} == {"待审核：甲", "逾期提醒：乙"}
    body = client.get("/api/v1/notifications?page_size=1&page=2").json()
    assert (body["count"], len(body["items"])) == (2, 1)


def test_api_marks_read(client, reader, notes):
    mine, theirs = notes
    client.force_login(reader)
    response = client.post(f"/api/v1/notifications/{mine[0].pk}/read")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    assert client.get("/api/v1/notifications?unread=true").json()["count"] == 1
    response = client.post(f"/api/v1/notifications/{theirs[0].pk}/read")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "未找到该通知。", "detail": None}
    assert read_at(theirs[0]) is None


def test_api_needs_a_signed_in_user(client, notes):
    mine, _ = notes
    response = client.get("/api/v1/notifications")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert client.post(f"/api/v1/notifications/{mine[0].pk}/read").status_code == 401
    assert read_at(mine[0]) is None


def test_api_rejects_bad_paging(client, reader):
    client.force_login(reader)
    response = client.get("/api/v1/notifications?page=0")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"


def test_api_outbox_and_retry_for_system_administrators(client, sysadmin, unit_admin, failed_mail):
    client.force_login(unit_admin)
    assert client.get("/api/v1/notifications/outbox").status_code == 403
    response = client.post(f"/api/v1/notifications/outbox/{failed_mail.pk}/retry")
    assert response.status_code == 403
    assert Notification.objects.get(pk=failed_mail.pk).status == Status.FAILED
    client.force_login(sysadmin)
    body = client.get("/api/v1/notifications/outbox?status=failed").json()
    assert [(i["subject"], i["attempts"], i["email"]) for i in body["items"]] == [
        ("失败的邮件", 1, "reader@example.org")
    ]
    assert body["items"][0]["last_error"] == "ConnectionRefusedError: 邮件服务器拒绝连接"
    response = client.post(f"/api/v1/notifications/outbox/{failed_mail.pk}/retry")
    assert response.status_code == 200
    assert response.json()["status"] == "pending"
    response = client.post(f"/api/v1/notifications/outbox/{failed_mail.pk}/retry")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
