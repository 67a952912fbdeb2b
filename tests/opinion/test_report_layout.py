"""Opinion documents (网络舆情日志, 舆情专报 and the issued 专报/快报/简报) are GB/T 9704-2012 official
documents of the issuing unit and show the Chinese labels of every code (source kinds, categories,
levels, states), never the codes."""

import io

import pytest
from docx import Document

from gongkai.core import clock
from gongkai.opinion.enums import WarningLevel
from gongkai.opinion.response import oversight, reports, services
from gongkai.opinion.response_models import EventAssignment

from ..documents.checks import assert_no_raw_codes, assert_official_layout, assert_signature, raw_codes
from . import test_response_support as support
from .test_response_support import local, make_event

world = support.world
pytestmark = pytest.mark.django_db
BASE = "/office/opinion/response/"


@pytest.fixture
def disaster(world):
    # an event whose figures carry codes: platforms by source kind, the category key
    event = make_event(
        title="甲镇山洪灾害事件",
        level=WarningLevel.RED,
        regions=[world.town_a_region],
        category="emergency_disaster",
        keywords=["山洪", "转移"],
    )
    event.platforms = {"weibo": 12, "news_portal": 3, "online_petition": 1}
    event.save(update_fields=["platforms"])
    services.event_route(event=event)
    assignment = EventAssignment.objects.filter(event=event, agency=world.town_a).first()
    services.assignment_claim(actor=world.town_a_admin, assignment=assignment)
    return event


def _today() -> str:
    day = clock.today()
    return f"{day.year}年{day.month}月{day.day}日"


def test_special_report_shows_labels_not_codes(client, world, disaster):
    client.force_login(world.monitor)
    data = client.get(BASE + f"events/{disaster.pk}/special-report.docx").content
    # the generating user's unit is the author; the event is the title under the 舆情专报 masthead
    doc = assert_official_layout(data, agency=world.gov.name, title="甲镇山洪灾害事件")
    assert doc.paragraphs[0].text == "舆情专报" and doc.paragraphs[0].style.name == "发文机关标志"
    assert_signature(doc, agency=world.gov.name, date_text=_today())
    text = assert_no_raw_codes(data)
    assert "平台分布：微博 12 条、新闻门户网站 3 条、网络问政 1 条" in text
    assert "类别：突发事件/自然灾害" in text
    assert "红色" in text


def test_issued_report_carries_issuer_and_number(world, disaster):
    report = oversight.report_issue(
        actor=world.monitor, event=disaster, kind="quick", issuer=world.gov, recipients=[world.town_a]
    )
    data = bytes(report.document)
    doc_number = f"{world.gov.name}　　{report.number}"
    doc = assert_official_layout(data, agency=world.gov.name, title="甲镇山洪灾害事件", doc_number=doc_number)
    assert [p.text for p in doc.paragraphs[:2]] == ["舆情快报", doc_number]
    assert "〔" in report.number and "送：甲镇人民政府" in [p.text for p in doc.paragraphs]
    assert_signature(doc, agency=world.gov.name, date_text=_today())
    assert_no_raw_codes(data)


def test_daily_log_is_the_users_unit_document(client, world, disaster):
    day = disaster.first_seen_at.astimezone(local(2026, 1, 1).tzinfo).date()
    client.force_login(world.town_a_admin)
    data = client.get(BASE + f"daily-log.docx?date={day.isoformat()}").content
    doc = assert_official_layout(data, agency=world.town_a.name, title="网络舆情日志")
    assert any(p.text.startswith(f"{day.year}年{day.month}月{day.day}日") for p in doc.paragraphs)
    assert_signature(doc, agency=world.town_a.name, date_text=_today())
    text = assert_no_raw_codes(data)
    assert "甲镇山洪灾害事件" in text and "牵头回应" in text


def test_a_report_without_a_known_user_still_names_an_author(world, disaster):
    doc = Document(io.BytesIO(reports.special_report(disaster)))
    assert doc.core_properties.author == reports.DEFAULT_AUTHOR


def test_the_scan_would_catch_the_codes():
    # the check above is not vacuous: the codes the old 专报 printed are found
    assert raw_codes("平台分布：weibo 12 条；类别：emergency_disaster") == {"weibo", "emergency_disaster"}
