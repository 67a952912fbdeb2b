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
