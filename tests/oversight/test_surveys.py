"""Social evaluation (004 附件7): surveys on the dimensions of 第四条, anonymous answers (one per
person: browser token, address limit, challenge), results, export, rectification on a rules clock."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core import signing

from gongkai.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.oversight import challenge, selectors
from gongkai.oversight.enums import RectificationStatus, SurveyStatus
from gongkai.oversight.services import surveys
from gongkai.rules.enums import DeadlineStatus

QUESTIONS = [
    {
        "text": "您获取政府信息是否及时？",
        "kind": "single",
        "dimension": "timeliness",
        "options": ["及时", "一般", "不及时"],
    },
    {
        "text": "您通过哪些渠道获取信息？",
        "kind": "multiple",
        "dimension": "convenience",
        "options": ["网站", "公报", "新媒体"],
    },
    {"text": "公开信息的准确性", "kind": "rating", "dimension": "accuracy", "scale": 5},
    {"text": "意见建议", "kind": "text", "dimension": "other", "required": False},
]


@pytest.fixture
def survey(frozen, county_office, department):
    s = surveys.survey_create(
        actor=county_office, agency=department, title="2026年政务公开社会评议", questions=QUESTIONS
    )
    return surveys.survey_set_status(actor=county_office, survey=s, status=SurveyStatus.OPEN)


def solved(survey_id):
    _question, token = challenge.new_challenge(survey_id)
    return token, signing.loads(token, salt=challenge.SALT)["a"]


def answer(survey, token="t" * 20, address="10.0.0.1", rating=4, **raw):
    q = {q.position: q for q in survey.questions.all()}
    answers = {str(q[1].pk): "及时", str(q[2].pk): ["网站", "公报"], str(q[3].pk): rating, str(q[4].pk): "很好"}
    answers.update(raw)
    ctoken, value = solved(survey.pk)
    return surveys.survey_answer(
        survey=survey, answers=answers, token=token, address=address, challenge_token=ctoken, challenge_answer=value
    )


def test_bad_survey_definitions(frozen, county_office, department, worker):
    with pytest.raises(ValidationFailed):
        surveys.survey_create(
            actor=county_office,
            agency=department,
            title="x",
            questions=[{"text": "a", "kind": "single", "options": ["一"]}],
        )
    with pytest.raises(ValidationFailed):
        surveys.survey_create(
            actor=county_office, agency=department, title="x", questions=[{"text": "a", "kind": "nope"}]
        )
    with pytest.raises(PermissionDenied):
        surveys.survey_create(actor=worker, agency=department, title="x", questions=QUESTIONS)


def test_one_answer_per_person_and_per_address_limit(survey):
    answer(survey, token="a" * 20)
    with pytest.raises(Conflict):
        answer(survey, token="a" * 20, address="10.9.9.9")
    for i in range(4):  # the rule allows 5 a day from one address
        answer(survey, token=f"{i}" * 20)
    with pytest.raises(surveys.AnswerThrottled):
        answer(survey, token="z" * 20)
    answer(survey, token="y" * 20, address="10.0.0.2")  # another address still may
    assert survey.responses.count() == 6


def test_challenge_and_answer_validation(survey):
    ctoken, value = solved(survey.pk)
    with pytest.raises(ValidationFailed):
        surveys.survey_answer(
            survey=survey,
            answers={},
            token="q" * 20,
            address="1.1.1.1",
            challenge_token=ctoken,
            challenge_answer=value + 1,
        )
    with pytest.raises(ValidationFailed):
        answer(survey, rating=6)
    q1 = survey.questions.get(position=1)
    with pytest.raises(ValidationFailed):
        answer(survey, **{str(q1.pk): "非常及时"})
    assert survey.responses.count() == 0


def test_results_export_and_satisfaction(survey, county_office):
    answer(survey, token="a" * 20, rating=4)
    answer(survey, token="b" * 20, rating=2)
    results = selectors.survey_results(survey)
    assert results["responses"] == 2
    by_pos = {r["question"].position: r for r in results["questions"]}
    assert {c["name"]: c["value"] for c in by_pos[1]["counts"]} == {"及时": 2, "一般": 0, "不及时": 0}
    assert by_pos[3]["mean"] == 3.0
    share, n = selectors.satisfaction(survey.agency_id, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (share, n) == (pytest.approx(0.6), 2)
    wb = openpyxl.load_workbook(io.BytesIO(surveys.survey_export(survey)))
    rows = list(wb.active.values)
    assert len(rows) == 3 and rows[1][3] == "网站、公报"


def test_closed_survey_refuses_answers(survey, county_office):
    surveys.survey_set_status(actor=county_office, survey=survey, status=SurveyStatus.CLOSED)
    survey.refresh_from_db()
    with pytest.raises(ValidationFailed):
        answer(survey)
    with pytest.raises(InvalidTransition):
        surveys.survey_set_status(actor=county_office, survey=survey, status=SurveyStatus.OPEN)


def test_rectification_on_the_rules_clock(survey, county_office, unit_admin, department, outsider):
    item = surveys.rectification_open(
        actor=county_office, agency=department, problem="网站栏目更新不及时", owner=unit_admin, survey=survey
    )
    assert item.deadline.due_date == dt.date(2026, 4, 1)  # 30 days from 2026-03-02
    assert item.deadline.citation == "平台设置"  # a platform default: 附件7 第六条 sets no period
    with pytest.raises(PermissionDenied):
        surveys.rectification_close(actor=outsider, item=item, status=RectificationStatus.RECTIFIED, resolution="x")
    with pytest.raises(ValidationFailed):
        surveys.rectification_close(actor=unit_admin, item=item, status=RectificationStatus.EXPLAINED, resolution="")
    item = surveys.rectification_close(
        actor=unit_admin, item=item, status=RectificationStatus.EXPLAINED, resolution="栏目由上级统一维护，已反映。"
    )
    item.deadline.refresh_from_db()
    assert item.status == RectificationStatus.EXPLAINED and item.deadline.status == DeadlineStatus.CLOSED
