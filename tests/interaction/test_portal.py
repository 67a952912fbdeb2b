"""The citizen's pages: write, receipt with query code, query, rate; the public list, letter page and
search show no personal data."""

import re

import pytest
from django.test import Client

from gongkai.interaction import services
from gongkai.interaction.enums import Action, Status
from gongkai.interaction.models import Letter

from .conftest import reply

SECRETS = ["王小明", "13912345678", "wang@example.cn", "幸福村3号", "150102199003070015"]


@pytest.fixture
def client():
    return Client(REMOTE_ADDR="10.1.1.1")


def post_letter(client, office, **extra):
    data = {
        "office": office.pk,
        "kind": "complaint",
        "title": "村道路灯长期不亮",
        "content": "我是王小明，身份证150102199003070015，敖勒召其镇幸福村3号门口的路灯坏了三个月。",
        "name": "王小明",
        "phone": "13912345678",
        "email": "wang@example.cn",
        "address": "敖勒召其镇幸福村3号",
        "publish_consent": "1",
        **extra,
    }
    return client.post("/mailbox/write/", data)


def test_write_query_and_rate(client, county_gov, township, clerk, liaison, town_head, frozen):
    response = post_letter(client, county_gov)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    public_id = re.search(r'id="r-public-id">(\w+)<', page).group(1)
    code = re.search(r'id="r-code">(\w+)<', page).group(1)
    letter = Letter.objects.get(public_id=public_id)
    # A new browser needs the query code.
    other = Client(REMOTE_ADDR="10.1.1.2")
    assert other.get(f"/mailbox/status/{public_id}/").status_code == 302
    wrong = other.post("/mailbox/query/", {"number": public_id, "code": "WRONGCODE"})
    assert wrong.status_code == 404 and "查询编号或查询码不正确" in wrong.content.decode()
    ok = other.post("/mailbox/query/", {"number": public_id, "code": code})
    assert ok.status_code == 302
    services.letter_transition(actor=clerk, letter=letter, action=Action.ROUTE, agency=township)
    services.letter_transition(actor=liaison, letter=letter, action=Action.CLAIM)
    reply(letter, liaison=liaison, head=town_head)
    status = other.get(f"/mailbox/status/{public_id}/").content.decode()
    assert "路灯已于本周修复" in status and "评价答复" in status
    bad = other.post(f"/mailbox/status/{public_id}/rate/", {"rating": "dissatisfied", "reason": ""})
    assert bad.status_code == 422 and "请说明不满意的理由" in bad.content.decode()
    other.post(f"/mailbox/status/{public_id}/rate/", {"rating": "dissatisfied", "reason": "还是不亮"})
    assert Letter.objects.get(pk=letter.pk).status == Status.REVIEWING


def test_bad_input_is_a_chinese_message_not_a_500(client, county_gov, frozen):
    response = post_letter(client, county_gov, name="", phone="")
    assert response.status_code == 422
    assert "请填写姓名" in response.content.decode()
    response = post_letter(client, county_gov, kind="complaint", anonymous="1")
    assert response.status_code == 422 and "只有建议可以匿名" in response.content.decode()
    assert not Letter.objects.exists()


def test_public_list_page_and_search_leak_nothing(client, county_gov, township, clerk, liaison, town_head, frozen):
    post_letter(client, county_gov)
    letter = Letter.objects.get()
    services.letter_transition(actor=clerk, letter=letter, action=Action.ROUTE, agency=township)
    services.letter_transition(actor=liaison, letter=letter, action=Action.CLAIM)
    reply(
        letter, liaison=liaison, head=town_head, text="王小明同志：幸福村3号门口的路灯已修复，电话13912345678已回访。"
    )
    services.letter_publish(actor=clerk, letter=Letter.objects.get(pk=letter.pk))
    pages = [
        client.get("/mailbox/").content.decode(),
        client.get(f"/mailbox/letters/{letter.public_id}/").content.decode(),
        client.get("/mailbox/", {"q": "路灯"}).content.decode(),
        client.get("/search", {"q": "路灯"}).content.decode(),
        client.get("/mailbox/feed/rss/").content.decode(),
    ]
    assert "路灯" in pages[1] and letter.public_id in pages[2]
    assert "路灯已修复" in pages[4] and f"/mailbox/letters/{letter.public_id}/" in pages[2]
    for page in pages:
        for secret in SECRETS:
            assert secret not in page


def test_unpublished_letter_is_not_public(client, county_gov, frozen):
    post_letter(client, county_gov)
    letter = Letter.objects.get()
    assert client.get(f"/mailbox/letters/{letter.public_id}/").status_code == 404
