"""Issue 9: consultations run on the rules clocks (a calendar change recomputes their due dates);
a decision draft's public consultation uses the minimum period of its kind of decision —
《重大行政决策程序暂行条例》 art. 15 (30 days) for 重大行政决策, the local rule otherwise."""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from gongkai.catalog import services
from gongkai.catalog.enums import ConsultationAnswer, ConsultationKind
from gongkai.catalog.models import Consultation
from gongkai.core import clock
from gongkai.core.errors import InvalidTransition, ValidationFailed
from gongkai.orgs.models import Region
from gongkai.rules import services as rule_services
from gongkai.rules.enums import DeadlineStatus
from gongkai.rules.models import Deadline
from tests.factories import AgencyFactory, UserFactory, grant

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def today(monkeypatch):
    def move(day: dt.date):
        moment = dt.datetime(day.year, day.month, day.day, 2, 0, tzinfo=dt.UTC)
        monkeypatch.setattr(clock, "now", lambda: moment)

    move(D(2026, 3, 2))
    return move


@pytest.fixture
def item(author, department, item_fields, today):
    return services.item_create(actor=author, agency=department, **{**item_fields, "produced_on": D(2026, 3, 2)})


def send(item, office_staff, **kwargs):
    return services.consultation_send(actor=office_staff, item=item, sent_on=D(2026, 3, 2), **kwargs)


def test_a_third_party_consultation_runs_on_a_clock_that_the_calendar_recomputes(item, office_staff, sysadmin):
    # given a consultation sent on Monday 2026-03-02: 15 working days → 2026-03-23
    c = send(item, office_staff, kind=ConsultationKind.THIRD_PARTY, party_name="张三")
    assert (c.deadline.rule_key, c.deadline.target, c.due_on) == (
        "foi.third_party_consultation_period",
        c,
        D(2026, 3, 23),
    )
    assert "第三十二条" in c.due_citation
    # when a local holiday is added inside the period
    rule_services.calendar_day_save(
        actor=sysadmin, date=D(2026, 3, 10), kind="holiday", name="地方假日", region=item.agency.region
    )
    # then the consultation's due date moved
    assert Consultation.objects.select_related("deadline").get(pk=c.pk).due_on == D(2026, 3, 24)


def test_a_major_decisions_public_consultation_runs_at_least_30_days(item, office_staff):
    c = send(item, office_staff, kind=ConsultationKind.PUBLIC, major_decision=True)
    assert (c.party_name, c.major_decision) == ("社会公众", True)
    assert (c.deadline.rule_key, c.deadline.unit, c.due_on) == (
        "participation.consultation_min_period_major",
        "days",
        D(2026, 4, 1),
    )
    assert c.due_citation == "《重大行政决策程序暂行条例》（国务院令第713号）第十五条"


def test_an_ordinary_decisions_public_consultation_uses_the_local_rule(office_staff, item_fields, today):
    # given an agency of 铜川市, whose rule is 7 working days (铜政办发〔2016〕71号)
    tongchuan = AgencyFactory(name="铜川市测试局", region=Region.objects.get(code="610200"))
    author = UserFactory(username="tc-author")
    grant(author, "unit_admin", tongchuan)
    grant(office_staff, "confidentiality_reviewer", tongchuan)
    tc_item = services.item_create(
        actor=author, agency=tongchuan, **{**item_fields, "section": None, "produced_on": D(2026, 3, 2)}
    )
    c = send(tc_item, office_staff, kind=ConsultationKind.PUBLIC)
    assert (c.deadline.rule_key, c.due_on) == ("participation.consultation_min_period", D(2026, 3, 11))
    assert c.due_citation == "铜政办发〔2016〕71号 一(二)"


def test_without_a_local_rule_an_ordinary_public_consultation_is_refused_in_chinese(item, office_staff):
    with pytest.raises(ValidationFailed) as err:
        send(item, office_staff, kind=ConsultationKind.PUBLIC)
    assert err.value.code == "deadline_rule_missing"
    assert err.value.message.startswith("本地区没有一般决策草案公开征求意见期限的规则记录")
    assert (
        Consultation.objects.count() == 0 and Deadline.objects.filter(rule_key__startswith="participation").count() == 0
    )


def test_only_a_public_consultation_can_be_a_major_decision(item, office_staff):
    with pytest.raises(ValidationFailed):
        send(item, office_staff, kind=ConsultationKind.THIRD_PARTY, party_name="张三", major_decision=True)


def test_a_public_consultation_ends_with_its_period(item, office_staff, today):
    c = send(item, office_staff, kind=ConsultationKind.PUBLIC, major_decision=True)
    with pytest.raises(InvalidTransition):
        services.consultation_answer(
            actor=office_staff, consultation=c, answer=ConsultationAnswer.AGREE, answered_on=D(2026, 3, 2)
        )
    today(D(2026, 4, 1))
    assert services.consultation_sweep() == 0
    today(D(2026, 4, 2))
    assert services.consultation_sweep() == 1
    c = Consultation.objects.select_related("deadline").get(pk=c.pk)
    assert c.answer == ConsultationAnswer.CLOSED and c.deadline.status == DeadlineStatus.CLOSED


def test_the_consultation_form_offers_the_major_decision_choice(client, item, office_staff):
    client.force_login(office_staff)
    url = reverse("backoffice:catalog_consultation_send", args=[item.pk])
    response = client.post(url, {"kind": "public", "major_decision": "on", "sent_on": "2026-03-02"})
    assert response.status_code == 302
    page = client.get(reverse("backoffice:catalog_item_detail", args=[item.pk])).content.decode()
    assert "属于重大行政决策" in page and "决策草案公开征求意见" in page and "2026-04-01" in page
    # an ordinary decision in a place without a rule: a Chinese message, nothing written
    response = client.post(url, {"kind": "public", "sent_on": "2026-03-02"})
    assert response.status_code == 422
    assert "本地区没有一般决策草案公开征求意见期限的规则记录" in response.content.decode()
    assert Consultation.objects.count() == 1


def test_the_data_migration_puts_existing_consultations_on_clocks(item, office_staff):
    # given a consultation from before the clocks (no deadline)
    c = send(item, office_staff, kind=ConsultationKind.AGENCY, consulted_agency=AgencyFactory(name="他机关"))
    Consultation.objects.filter(pk=c.pk).update(deadline=None)
    # when the migration's data step runs
    importlib.import_module("gongkai.catalog.migrations.0006_consultation_clocks").forwards(django_apps, None)
    # then it has a clock with the agency rule's due date
    c = Consultation.objects.select_related("deadline").get(pk=c.pk)
    assert (c.deadline.rule_key, c.due_on, c.deadline.status) == (
        "foi.agency_consultation_period",
        D(2026, 3, 23),
        "open",
    )
