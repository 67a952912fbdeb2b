"""The back-office menu offers only pages the user may open (issue 9)."""

import pytest
from django.contrib.auth import get_user_model

from gongkai.backoffice.nav import MENU, menu_for
from gongkai.orgs import matrix
from gongkai.orgs.demo import DEMO_USERS, load_demo

pytestmark = pytest.mark.django_db


def test_every_menu_entry_names_a_matrix_row_or_signed_in():
    for _group, label, _url, permission in MENU:
        assert permission is None or permission in matrix.MATRIX, label


@pytest.fixture
def demo(settings):
    settings.GONGKAI_DATA_KEY = "00112233445566778899aabbccddeeff"
    load_demo()


@pytest.mark.parametrize("username", [a.username for a in DEMO_USERS])
def test_every_demo_account_can_open_every_entry_it_is_offered(client, demo, username):
    # given a demo account signed in
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    entries = [(label, url) for _group, items in menu_for(user) for label, url in items]
    assert entries, username
    # when it opens every entry of its menu
    answers = {label: client.get(url).status_code for label, url in entries}
    # then none answers 403 or 500
    assert {label: code for label, code in answers.items() if code != 200} == {}


def test_need_to_know_accounts_are_not_offered_applications_or_drafts(demo):
    user_model = get_user_model()
    for username in ("monitor", "newsoffice"):
        labels = {label for _group, items in menu_for(user_model.objects.get(username=username)) for label, _ in items}
        assert {"申请办理", "登记申请", "政府信息", "年度自查", "审计日志"}.isdisjoint(labels), username
        assert "舆情事件" in labels
