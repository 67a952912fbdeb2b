"""The consultation column, the page per policy, the comment form and the feeds."""

import datetime as dt

import pytest

from gongkai.policy import services
from gongkai.policy.enums import CommentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def consulting(draft, local_rule):
    return services.consultation_open(
        actor=draft.created_by, policy=draft, starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 11)
    )


def test_unconsulted_draft_is_not_public(client, draft):
    assert client.get(f"/policies/{draft.pk}/").status_code == 404
    assert draft.title not in client.get("/consultations/").content.decode()


def test_column_page_and_comment(client, consulting, drafter):
    page = client.get("/consultations/").content.decode()
    assert consulting.title in page
    detail = client.get(f"/policies/{consulting.pk}/").content.decode()
    assert "第三条" in detail and "发表意见" in detail and "71号" in detail
    r = client.post(
        f"/policies/{consulting.pk}/comment/",
        {"body": "建议第三条增加退费规定。", "article": "第三条", "name": "王小明", "contact": "13912345678"},
    )
    assert r.status_code == 302
    comment = consulting.comments.get()
    assert comment.status == CommentStatus.PENDING
    assert "建议第三条增加退费规定" not in client.get(f"/policies/{consulting.pk}/").content.decode()
    services.comment_moderate(actor=drafter, comment=comment, status=CommentStatus.SHOWN)
    shown = client.get(f"/policies/{consulting.pk}/").content.decode()
    assert "建议第三条增加退费规定" in shown and "13912345678" not in shown and "王小明" not in shown


def test_empty_comment_is_refused_in_chinese(client, consulting):
    r = client.post(f"/policies/{consulting.pk}/comment/", {"body": ""})
    assert r.status_code == 422
    assert "请填写意见内容" in r.content.decode()


def test_comment_rate_limit_answers_429(client, consulting, settings):
    settings.POLICY_COMMENT_MAX_PER_ADDRESS = 1
    client.post(f"/policies/{consulting.pk}/comment/", {"body": "第一条意见，支持。"})
    r = client.post(f"/policies/{consulting.pk}/comment/", {"body": "第二条意见，也支持。"})
    assert r.status_code == 429


def test_feeds(client, consulting):
    r = client.get("/feeds/consultations/rss/")
    assert r.status_code == 200 and consulting.title in r.content.decode()
    assert client.get("/feeds/interpretations/rss/").status_code == 200
    assert client.get("/policies/interpretations/").status_code == 200


def test_sitemap_lists_public_policies(client, consulting, major_draft):
    body = client.get("/sitemap-policies.xml").content.decode()
    assert f"/policies/{consulting.pk}/" in body
    assert f"/policies/{major_draft.pk}/" not in body  # not put out for comment
