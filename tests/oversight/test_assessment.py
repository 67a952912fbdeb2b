"""The assessment (001 (十九), 003 (十六)): indicators and weights from the dated rule record, figures
from the platform's records (暂无数据 where a module has none), manual indicators with evidence,
ranking, commendation and the 通报."""

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.core import documents
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.oversight import selectors
from gongkai.oversight.enums import RoundStatus, ViolationType
from gongkai.oversight.services import assessment, cases, training
from gongkai.rules.models import RuleRecord

INDICATORS = {
    "indicators": [
        {"key": "foi.answered_on_time", "label": "依申请公开按时答复率", "weight": 40},
        {"key": "oversight.training_completion", "label": "培训达标率", "weight": 30},
        {"key": "oversight.accountability", "label": "责任追究", "weight": 20, "deduct_per_case": 0.5},
        {"key": "manual.mechanism", "label": "工作机制", "weight": 10, "manual": True},
        {"key": "press.not_there", "label": "新闻发布", "weight": 10},
    ],
    "commend_top": 1,
}


@pytest.fixture
def indicators(county):
    return RuleRecord.objects.create(
        key="oversight.assessment_indicators",
        jurisdiction=county,
        value=INDICATORS,
        effective_from=dt.date(2026, 1, 1),
        citation="本旗2026年考核办法",
    )


def test_scorecard_known_answers(
    frozen, indicators, county_gov, department, other_department, county_office, worker, unit_admin, outsider
):
    course = training.course_create(
        actor=county_office, agency=department, topic="条例解读", held_on=dt.date(2026, 2, 1), hours="2"
    )
    training.attendance_record(actor=county_office, course=course, person=worker)
    cases.case_open(actor=county_office, agency=department, violation=ViolationType.OTHER, facts="未及时更新")

    rnd = assessment.round_compute(actor=county_office, government=county_gov, year=2026)
    cards = {c.agency_id: c for c in selectors.round_cards(rnd)}
    assert set(cards) == {department.pk, other_department.pk}  # the government itself is not assessed
    dep = {ln.key: ln for ln in cards[department.pk].lines.all()}
    assert dep["oversight.training_completion"].rate == 0.5 and dep["oversight.training_completion"].score == Decimal(
        "15.00"
    )
    assert dep["oversight.accountability"].score == Decimal("10.00")
    assert dep["foi.answered_on_time"].rate is None and dep["foi.answered_on_time"].score is None  # 暂无数据
    assert dep["press.not_there"].rate is None
    assert cards[department.pk].total == Decimal("50.00")  # (15 + 10) / (30 + 20)
    assert cards[other_department.pk].total == Decimal("40.00")  # (0 + 20) / 50

    line = dep["manual.mechanism"]
    with pytest.raises(ValidationFailed):
        assessment.manual_score_enter(actor=county_office, line=line, score="11", evidence="x")
    with pytest.raises(ValidationFailed):
        assessment.manual_score_enter(actor=county_office, line=line, score="8", evidence="")
    with pytest.raises(ValidationFailed):
        assessment.manual_score_enter(
            actor=county_office, line=dep["oversight.accountability"], score="8", evidence="x"
        )
    assessment.manual_score_enter(actor=county_office, line=line, score="8", evidence="工作制度文件3份")
    cards = {c.agency_id: c for c in selectors.round_cards(rnd)}
    assert cards[department.pk].total == Decimal("55.00")  # (15 + 10 + 8) / 60
    assert cards[department.pk].rank == 1 and cards[department.pk].commended
    assert cards[other_department.pk].rank == 2 and not cards[other_department.pk].commended

    # Recomputing keeps the manual entry.
    rnd = assessment.round_compute(actor=county_office, government=county_gov, year=2026)
    assert selectors.round_cards(rnd)[0].total == Decimal("55.00")

    rnd = assessment.round_publish(actor=county_office, round=rnd)
    assert rnd.status == RoundStatus.PUBLISHED
    text = documents.document_text(bytes(rnd.notice_docx))
    assert "2026年度政务公开工作考核" in text and department.name in text and "通报表扬" in text
    with pytest.raises(InvalidTransition):
        assessment.round_compute(actor=county_office, government=county_gov, year=2026)


def test_quarter_period_and_denials(frozen, indicators, county_gov, county_office, worker, department):
    from gongkai.oversight import figures

    assert figures.period(2026, 1) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert figures.period(2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    with pytest.raises(PermissionDenied):
        assessment.round_compute(actor=worker, government=county_gov, year=2026)
    with pytest.raises(ValidationFailed):
        assessment.round_compute(actor=county_office, government=county_gov, year=2026, quarter=5)
    rnd = assessment.round_compute(actor=county_office, government=county_gov, year=2026, quarter=1)
    assert rnd.quarter == 1


def test_default_indicator_record_is_valid():
    from gongkai.oversight.rules import INDICATORS_2018, validate_indicators

    assert validate_indicators(INDICATORS_2018)
    assert sum(i["weight"] for i in INDICATORS_2018["indicators"]) == 100


def test_contract_figures_flow_into_lines_and_a_failing_module_says_no_data(
    frozen, county, county_gov, department, county_office, monkeypatch
):
    from gongkai.oversight import figures

    RuleRecord.objects.create(
        key="oversight.assessment_indicators",
        jurisdiction=county,
        value={
            "indicators": [
                {"key": "press.conferences_held", "label": "新闻发布会", "weight": 50},
                {"key": "websites.inspection_passed", "label": "网站检查", "weight": 50},
            ],
            "commend_top": 0,
        },
        effective_from=dt.date(2026, 1, 1),
        citation="本旗考核办法",
    )
    calls = []

    def press(*, agency_id, start, end):
        calls.append((agency_id, start, end))
        return [
            {
                "key": "press.conferences_held",
                "label": "召开新闻发布会场次",
                "value": 3.0,
                "target": 4.0,
                "rate": 0.75,
                "records": 3,
                "url": "/office/press/?agency=1",
            }
        ]

    def websites(*, agency_id, start, end):
        raise RuntimeError("module not ready")

    monkeypatch.setattr(figures, "provider_functions", lambda: {"press": press, "websites": websites})
    rnd = assessment.round_compute(actor=county_office, government=county_gov, year=2026, quarter=2)
    card = next(c for c in selectors.round_cards(rnd) if c.agency_id == department.pk)
    lines = {ln.key: ln for ln in card.lines.all()}
    assert (department.pk, dt.date(2026, 4, 1), dt.date(2026, 6, 30)) in calls
    assert lines["press.conferences_held"].score == Decimal("37.50") and lines["press.conferences_held"].records == 3
    assert lines["press.conferences_held"].url == "/office/press/?agency=1"
    assert lines["websites.inspection_passed"].rate is None  # 暂无数据, not zero
    assert card.total == Decimal("75.00")  # 37.5 of the 50 that have data


def test_catalog_on_time_share_known_answer(frozen, department, unit_admin, policy_category):
    from django.utils import timezone

    from gongkai.catalog import interface as catalog_interface
    from gongkai.catalog import services as catalog_services
    from gongkai.catalog.enums import Attribute
    from gongkai.catalog.models import InformationItem
    from gongkai.rules.enums import DeadlineStatus
    from gongkai.rules.models import Deadline

    made = []
    for i in range(3):
        made.append(
            catalog_services.item_create(
                actor=unit_admin,
                agency=department,
                title=f"关于招生工作的通知（{i}）",
                document_number="",
                produced_on=dt.date(2026, 1, 5),
                keywords="招生",
                category=policy_category,
                five_disclosure="service",
                description="招生工作安排。",
                body_html="<p>招生。</p>",
            )
        )
    published = timezone.make_aware(dt.datetime(2026, 2, 1, 9))
    for item, late in zip(made, (False, False, True), strict=True):
        InformationItem.objects.filter(pk=item.pk).update(
            published_at=published, published_late=late, attribute=Attribute.ACTIVE
        )
        # Publication closes the art. 26 clock.
        Deadline.objects.filter(pk=item.disclosure_deadline_id).update(status=DeadlineStatus.CLOSED)
    fig = catalog_interface.assessment_figures(
        agency_id=department.pk, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31)
    )[0]
    assert (fig["records"], fig["value"], fig["rate"]) == (3, 2.0, pytest.approx(2 / 3))
    assert catalog_interface.late_publication_summary(made[2].pk)["late"] is True
    assert catalog_interface.late_publication_summary(made[0].pk)["late"] is False
