"""条例 art. 26 (issue 9): every proactive item has a rules clock of 20 working days from its 产生时间,
re-started on a change that needs republication, stopped at publication; due-soon and overdue items
per unit; late publications counted in the self-check."""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog import selectors, services
from gongkai.catalog.enums import Attribute, ItemStatus, WithholdGround
from gongkai.catalog.models import InformationItem
from gongkai.rules import services as rule_services
from gongkai.rules.enums import DeadlineStatus
from gongkai.rules.models import Deadline
from gongkai.workflow.enums import Decision
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_decide

pytestmark = pytest.mark.django_db
D = dt.date


def at(y, m, d, hh=10):
    return timezone.make_aware(dt.datetime(y, m, d, hh))


def frozen(moment):
    return mock.patch("gongkai.core.clock.now", return_value=moment)


def publish(item, author, section_head, office_staff, leader):
    services.item_submit(actor=author, item=item)
    review = review_active_for(item)
    review_decide(actor=section_head, review=review, decision=Decision.APPROVE)
    review_decide(actor=office_staff, review=review, decision=Decision.APPROVE, data={"conclusion": "public"})
    review_decide(actor=leader, review=review, decision=Decision.APPROVE)
    item.refresh_from_db()
    return item


@pytest.fixture
def national_day_item(author, department, item_fields):
    """Formed on Friday 2025-09-26, just before the National Day holidays of 2025."""
    with frozen(at(2025, 9, 26)):
        return services.item_create(actor=author, agency=department, **{**item_fields, "produced_on": D(2025, 9, 26)})


def test_the_clock_runs_20_working_days_on_the_calendar_from_the_production_date(national_day_item):
    clock = national_day_item.disclosure_deadline
    # 2025-10-01..08 are holidays, 09-28 and 10-11 make-up working days: due 2025-10-30
    assert (clock.rule_key, clock.amount, clock.unit) == ("disclosure.proactive_period", 20, "working_days")
    assert clock.due_date == D(2025, 10, 30)
    assert clock.citation == "《政府信息公开条例》（2019年修订，国务院令第711号）第二十六条"
    assert clock.target == national_day_item and clock.agency == national_day_item.agency
    assert clock.status == DeadlineStatus.OPEN


def test_a_calendar_change_recomputes_the_due_date(national_day_item, sysadmin):
    # when a local holiday is added inside the period (the clock's jurisdiction and below)
    with frozen(at(2025, 9, 29)):
        rule_services.calendar_day_save(
            actor=sysadmin,
            date=D(2025, 10, 15),
            kind="holiday",
            name="地方假日",
            region=national_day_item.agency.region,
        )
    # then the due date moves one working day later
    assert Deadline.objects.get(pk=national_day_item.disclosure_deadline_id).due_date == D(2025, 10, 31)


def test_changing_the_production_date_restarts_and_withholding_stops_the_clock(national_day_item, author):
    first = national_day_item.disclosure_deadline
    with frozen(at(2025, 10, 9)):
        item = services.item_update(actor=author, item=national_day_item, produced_on=D(2025, 10, 9))
    assert Deadline.objects.get(pk=first.pk).status == DeadlineStatus.CLOSED
    second = InformationItem.objects.get(pk=item.pk).disclosure_deadline
    assert second.pk != first.pk and second.due_date == D(2025, 11, 5)
    # when the item is decided not to be proactively disclosed, no clock runs
    with frozen(at(2025, 10, 10)):
        item = services.item_update(
            actor=author,
            item=item,
            attribute=Attribute.WITHHELD,
            withhold_grounds=[WithholdGround.PROCESS_INFORMATION],
        )
    assert Deadline.objects.get(pk=second.pk).status == DeadlineStatus.CLOSED
    assert InformationItem.objects.get(pk=item.pk).disclosure_deadline is None


def test_publication_stops_the_clock_and_records_a_late_publication(
    national_day_item, author, section_head, office_staff, leader
):
    with frozen(at(2025, 10, 31)):  # one day after the due date
        item = publish(national_day_item, author, section_head, office_staff, leader)
    assert item.status == ItemStatus.PUBLISHED
    assert item.published_late is True
    assert item.disclosure_deadline.status == DeadlineStatus.CLOSED
    assert [r["late"] for r in selectors.late_publication_counts(author, year=2025)] == [1]


def test_publication_in_time_is_not_late(national_day_item, author, section_head, office_staff, leader):
    with frozen(at(2025, 10, 30, 23)):  # the last day
        item = publish(national_day_item, author, section_head, office_staff, leader)
    assert item.published_late is False
    assert selectors.late_publication_counts(author, year=2025) == [
        {"agency": item.agency.name, "published": 1, "late": 0}
    ]


def test_reopening_an_item_restarts_the_clock_from_the_change(
    author, section_head, office_staff, leader, unit_admin, department, item_fields
):
    with frozen(at(2026, 3, 2)):
        item = services.item_create(
            actor=author,
            agency=department,
            **{
                **item_fields,
                "produced_on": D(2026, 3, 2),
                "attribute": Attribute.WITHHELD,
                "withhold_grounds": [WithholdGround.PROCESS_INFORMATION],
            },
        )
        assert item.disclosure_deadline is None
    # (as if the review had decided it not public)
    InformationItem.objects.filter(pk=item.pk).update(status=ItemStatus.NOT_PUBLIC)
    with frozen(at(2026, 6, 1)):
        item = services.item_reopen(actor=section_head, item=item, reason="过程已结束")
    clock = InformationItem.objects.get(pk=item.pk).disclosure_deadline
    assert timezone.localdate(clock.start_at) == D(2026, 6, 1)
    assert clock.due_date == D(2026, 6, 30)  # 端午节 2026-06-19 is not counted


def test_the_page_lists_overdue_and_due_soon_items_per_unit(client, author, department, item_fields, outsider):
    with frozen(at(2026, 3, 2)):
        overdue = services.item_create(
            actor=author, agency=department, **{**item_fields, "title": "逾期信息", "produced_on": D(2026, 1, 5)}
        )
        due_soon = services.item_create(
            actor=author, agency=department, **{**item_fields, "title": "临期信息", "produced_on": D(2026, 2, 2)}
        )
        services.item_create(
            actor=author, agency=department, **{**item_fields, "title": "正常信息", "produced_on": D(2026, 3, 2)}
        )
    with frozen(at(2026, 3, 5)):
        client.force_login(author)
        page = client.get(reverse("backoffice:catalog_disclosure_clocks")).content.decode()
        home = client.get(reverse("backoffice:home")).content.decode()
        assert selectors.disclosure_clock_counts(author) == {"overdue": 1, "due_soon": 1}
        client.force_login(outsider)
        other = client.get(reverse("backoffice:catalog_disclosure_clocks")).content.decode()
    assert department.name in page and "逾期信息" in page and "临期信息" in page and "正常信息" not in page
    assert f'data-item="{overdue.pk}"' in page and f'data-item="{due_soon.pk}"' in page
    assert "待公开信息：已逾期 1 条，即将到期 1 条" in home
    assert "逾期信息" not in other and "没有即将到期或已逾期的待公开信息。" in other


def test_the_self_check_counts_late_publications(client, national_day_item, author, section_head, office_staff, leader):
    with frozen(at(2025, 11, 3)):
        publish(national_day_item, author, section_head, office_staff, leader)
    client.force_login(section_head)
    page = client.get(reverse("backoffice:catalog_self_check"), {"year": 2025}).content.decode()
    assert "2025 年逾期公开的信息" in page
    assert "<td data-late>1</td>" in page


def test_items_from_before_the_clock_get_one_from_the_periodic_backfill(national_day_item, author):
    # given an item without a clock, as in a database from before this change
    InformationItem.objects.filter(pk=national_day_item.pk).update(disclosure_deadline=None)
    # when
    assert services.disclosure_clock_backfill() == 1
    assert services.disclosure_clock_backfill() == 0
    # then
    assert InformationItem.objects.get(pk=national_day_item.pk).disclosure_deadline.due_date == D(2025, 10, 30)
