"""Back-office pages: rule list, rule edits with permissions, the calendar, entering a schedule, the calculator."""

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.rules.models import CalendarYear, RuleRecord
from gongkai.rules.selectors import rule_value

D = dt.date
pytestmark = pytest.mark.django_db


def _national_48h() -> RuleRecord:
    return rule_value("opinion.response_ordinary", None, D(2026, 1, 1)).record


def _post_edit(client, record, value):
    return client.post(
        reverse("backoffice:rule_edit", args=[record.pk]),
        {
            "value": value,
            "effective_from": record.effective_from.isoformat(),
            "effective_to": "",
            "citation": record.citation,
            "note": "",
        },
    )


def test_staff_read_the_rule_list(client, sub_user):
    client.force_login(sub_user)
    response = client.get(reverse("backoffice:rule_list"), {"key": "opinion.response_ordinary"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "一般政务舆情回应时限" in body
    assert "48 小时" in body and "36 小时" in body
    assert "祥政办通〔2019〕54号 六(十四)" in body
    assert "修改或结束" not in body  # a sub-user sees no edit links


def test_rule_list_filters_by_jurisdiction(client, sub_user):
    client.force_login(sub_user)
    body = client.get(reverse("backoffice:rule_list"), {"jurisdiction": "610200"}).content.decode()
    assert "铜政办发〔2016〕71号 三(四)" in body
    assert "国办发〔2016〕61号" not in body


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("backoffice:rule_list"))
    assert response.status_code == 302
    assert reverse("orgs:login") in response["Location"]


@pytest.mark.parametrize("who", ["sub_user", "unit_admin", "xiangyun_head"])
def test_non_sysadmin_cannot_edit_a_national_rule(client, who, request):
    # given
    client.force_login(request.getfixturevalue(who))
    record = _national_48h()
    events = AuditEvent.objects.count()
    # when
    get = client.get(reverse("backoffice:rule_edit", args=[record.pk]))
    post = _post_edit(client, record, "24")
    # then
    assert get.status_code == 403 and post.status_code == 403
    assert "只有系统管理员可以修改全国性规则。" in post.content.decode()
    record.refresh_from_db()
    assert record.value == 48
    assert AuditEvent.objects.count() == events


def test_sysadmin_edits_a_national_rule_with_audit(client, sysadmin):
    client.force_login(sysadmin)
    record = _national_48h()
    response = _post_edit(client, record, "24")
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.value == 24
    event = AuditEvent.objects.get(event="rule.updated", target_id=str(record.pk))
    assert event.data == {"old": {"value": 48}, "new": {"value": 24}}
    assert event.actor_repr == "sysadmin"


def test_sysadmin_form_errors_are_shown_and_nothing_changes(client, sysadmin):
    client.force_login(sysadmin)
    record = _national_48h()
    response = _post_edit(client, record, "四十八")
    assert response.status_code == 422
    assert "的取值应为整数" in response.content.decode()
    record.refresh_from_db()
    assert record.value == 48


def test_sysadmin_creates_and_ends_a_rule(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(
        reverse("backoffice:rule_create"),
        {
            "key": "foi.fee_payment_period",
            "jurisdiction": "610200",
            "value": "15",
            "effective_from": "2027-01-01",
            "effective_to": "",
            "citation": "铜政办发〔2026〕9号",
            "note": "",
        },
    )
    assert response.status_code == 302
    record = RuleRecord.objects.get(key="foi.fee_payment_period", jurisdiction__code="610200")
    assert record.value == 15
    response = client.post(reverse("backoffice:rule_end", args=[record.pk]), {"last_day": "2027-12-31"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.effective_to == D(2027, 12, 31)


def test_local_head_edits_own_local_rule_on_the_page(client, xiangyun_head):
    client.force_login(xiangyun_head)
    record = rule_value("opinion.response_ordinary", "532923", D(2026, 1, 1)).record
    assert (
        client.get(reverse("backoffice:rule_list"), {"jurisdiction": "532923"}).content.decode().count("修改或结束")
        == 3
    )
    response = _post_edit(client, record, "30")
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.value == 30


def test_calendar_page_shows_the_official_year_and_a_computed_one(client, sub_user):
    client.force_login(sub_user)
    body = client.get(reverse("backoffice:calendar"), {"year": 2026}).content.decode()
    assert '<span class="badge ok">正式</span>' in body
    assert "2026-10-10" in body and "国庆节调休上班" in body
    assert "录入2026年放假安排" not in body and "更正2026年放假安排" not in body
    body = client.get(reverse("backoffice:calendar"), {"year": 2027}).content.decode()
    assert "推算（暂定）" in body
    assert "2027-02-05" in body  # 除夕, computed


def test_entering_a_schedule_on_the_page(client, sysadmin):
    client.force_login(sysadmin)
    url = reverse("backoffice:calendar_enter")
    bad = client.post(
        url,
        {
            "year": "2027",
            "status": "official",
            "citation": "国办发明电〔2026〕1号",
            "text": "2027-01-01 元旦\n2027-02-30 春节",
        },
    )
    assert bad.status_code == 422
    assert "第 2 行“2027-02-30 春节”：日期无效" in bad.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    good = client.post(
        url, {"year": "2027", "status": "official", "citation": "国办发明电〔2026〕1号", "text": "2027-01-01 元旦"}
    )
    assert good.status_code == 302
    assert CalendarYear.objects.get(year=2027).citation == "国办发明电〔2026〕1号"


def test_unit_admin_cannot_enter_a_schedule(client, unit_admin):
    client.force_login(unit_admin)
    url = reverse("backoffice:calendar_enter")
    assert client.get(url).status_code == 403
    response = client.post(url, {"year": "2027", "status": "official", "citation": "x", "text": "2027-01-01 元旦"})
    assert response.status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_calculator_renders_the_due_date(client, sub_user):
    client.force_login(sub_user)
    response = client.get(reverse("backoffice:deadline_calculator"), {"start": "2026-11-23", "working_days": "20"})
    assert response.status_code == 200
    body = response.content.decode()
    assert '<span id="due">2026-12-21</span>（周一）' in body
    assert '<span class="badge ok">正式</span>' in body
    assert "2026-11-28" in body and "周六" in body


def test_calculator_with_rule_and_jurisdiction(client, sub_user):
    client.force_login(sub_user)
    body = client.get(
        reverse("backoffice:deadline_calculator"),
        {"start": "2026-12-20", "rule": "foi.answer_period", "jurisdiction": "532923"},
    ).content.decode()
    assert '<span id="due">2027-01-18</span>' in body
    assert '<span class="badge warn">暂定</span>' in body
    assert "第三十三条" in body


def test_calculator_shows_bad_input_in_chinese(client, sub_user):
    client.force_login(sub_user)
    response = client.get(reverse("backoffice:deadline_calculator"), {"start": "2026-11-23", "working_days": "-5"})
    assert response.status_code == 422
    assert "期限不能为负数（收到 -5）。" in response.content.decode()
    response = client.get(reverse("backoffice:deadline_calculator"))
    assert response.status_code == 200  # the empty form


def test_sysadmin_corrects_a_day_on_the_page_unit_admin_cannot(client, sysadmin, unit_admin):
    from gongkai.rules.models import CalendarDay
    from gongkai.rules.workdays import is_working_day

    day = CalendarDay.objects.get(date=D(2026, 10, 10), region__isnull=True)
    url = reverse("backoffice:calendar_day_edit", args=[day.pk])
    form = {"kind": "holiday", "name": "国庆节", "source": "更正"}
    # wrong role
    client.force_login(unit_admin)
    assert client.get(url).status_code == 403
    assert client.post(url, form).status_code == 403
    day.refresh_from_db()
    assert day.kind == "workday"
    # right role
    client.force_login(sysadmin)
    assert client.post(url, form).status_code == 302
    day.refresh_from_db()
    assert (day.kind, day.name) == ("holiday", "国庆节")
    assert is_working_day(D(2026, 10, 10)) is False
    assert AuditEvent.objects.filter(event="calendar.day_corrected", target_id=str(day.pk)).count() == 1


def test_local_head_adds_a_local_day_on_the_page(client, xiangyun_head):
    from gongkai.rules.models import CalendarDay

    client.force_login(xiangyun_head)
    url = reverse("backoffice:calendar_day_create")
    national = client.post(
        url, {"date": "2026-03-04", "kind": "holiday", "name": "地方节日", "region": "", "source": ""}
    )
    assert national.status_code == 403
    local = client.post(
        url, {"date": "2026-03-04", "kind": "holiday", "name": "地方节日", "region": "532923", "source": ""}
    )
    assert local.status_code == 302
    assert list(CalendarDay.objects.filter(date=D(2026, 3, 4)).values_list("region__code", flat=True)) == ["532923"]
