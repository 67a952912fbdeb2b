"""The oversight pages: the back office (training, cases, surveys, assessment) and the portal's
survey answering (one answer per browser, challenge), results and published assessment."""

import datetime as dt
import re

import pytest
from django.core import signing

from gongkai.oversight import challenge
from gongkai.oversight.enums import CaseStatus, SurveyStatus
from gongkai.oversight.models import AccountabilityCase, SurveyResponse
from gongkai.oversight.services import surveys

QUESTIONS = [
    {"text": "公开是否及时", "kind": "single", "dimension": "timeliness", "options": ["及时", "不及时"]},
    {"text": "满意度", "kind": "rating", "dimension": "effect", "scale": 5},
]


@pytest.fixture
def open_survey(frozen, county_office, department):
    s = surveys.survey_create(actor=county_office, agency=department, title="评议问卷", questions=QUESTIONS)
    return surveys.survey_set_status(actor=county_office, survey=s, status=SurveyStatus.OPEN)


def _answer(client, survey, **extra):
    page = client.get(f"/surveys/{survey.pk}/")
    assert page.status_code == 200
    token = re.search(r'name="challenge_token" value="([^"]+)"', page.content.decode()).group(1)
    value = signing.loads(token, salt=challenge.SALT)["a"]
    q1, q2 = survey.questions.all()
    data = {f"q{q1.pk}": "及时", f"q{q2.pk}": "5", "challenge_token": token, "challenge_answer": str(value), **extra}
    return client.post(f"/surveys/{survey.pk}/", data)


def test_public_answer_once_per_browser(client, open_survey):
    r = _answer(client, open_survey)
    assert r.status_code == 302 and r["Location"].endswith("/thanks/")
    again = _answer(client, open_survey)
    assert again.status_code == 409 and "已经提交过" in again.content.decode()
    wrong = _answer(client, open_survey, challenge_answer="999")
    assert wrong.status_code == 422 and "验证题" in wrong.content.decode()
    assert SurveyResponse.objects.filter(survey=open_survey).count() == 1
    results = client.get(f"/surveys/{open_survey.pk}/results/")
    assert results.status_code == 200 and "答卷数" in results.content.decode()
    assert client.get(f"/surveys/{open_survey.pk}/results.json").json()["responses"] == 1


def test_draft_survey_is_not_public(client, frozen, county_office, department):
    s = surveys.survey_create(actor=county_office, agency=department, title="草稿", questions=QUESTIONS)
    assert client.get(f"/surveys/{s.pk}/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/office/oversight/training/",
        "/office/oversight/cases/",
        "/office/oversight/surveys/",
        "/office/oversight/assessment/",
    ],
)
def test_office_pages_open_for_the_office_and_refuse_others(client, county_office, worker, url):
    client.force_login(county_office)
    assert client.get(url).status_code == 200
    client.force_login(worker)
    r = client.get(url)
    if "training" in url:
        assert r.status_code == 200  # everybody sees their own unit's training
    else:
        assert r.status_code == 403


def test_office_opens_case_from_overdue_application_and_survey_pages(
    client, frozen, county_office, department, open_survey
):
    from gongkai.foi import services as foi_services
    from gongkai.foi.enums import Channel
    from gongkai.orgs.enums import Role

    from ..factories import UserFactory, grant
    from ..foi.conftest import make_input

    handler = UserFactory(username="pg-handler")
    grant(handler, Role.SUB_USER, department)
    app, _ = foi_services.application_register(
        actor=handler, agency=department, channel=Channel.IN_PERSON, data=make_input(), submitted_on=dt.date(2026, 3, 2)
    )
    frozen.set(2026, 5, 6)
    client.force_login(county_office)
    page = client.get("/office/oversight/cases/")
    assert app.tracking_number in page.content.decode()
    r = client.post("/office/oversight/cases/", {"foi_application": app.pk})
    case = AccountabilityCase.objects.get(source_ref=f"foi:{app.pk}")
    assert r.status_code == 302 and case.status == CaseStatus.OPEN
    detail = client.get(f"/office/oversight/cases/{case.pk}/")
    assert detail.status_code == 200 and app.tracking_number in detail.content.decode()
    assert client.get(f"/office/oversight/surveys/{open_survey.pk}/").status_code == 200
    export = client.get(f"/office/oversight/surveys/{open_survey.pk}/export.xlsx")
    assert export.status_code == 200 and export.content[:2] == b"PK"


def test_training_page_lists_people_below_the_minimum(client, frozen, county_office, department, worker):
    import datetime as dt

    from gongkai.oversight.services import training

    course = training.course_create(
        actor=county_office, agency=department, topic="条例解读", held_on=dt.date(2026, 2, 1), hours="1", has_exam=True
    )
    training.attendance_record(actor=county_office, course=course, person=worker, exam_score="50")
    client.force_login(county_office)
    body = client.get(f"/office/oversight/training/?year=2026&agency={department.pk}").content.decode()
    assert "工作人员乙（1" in body and "不能评为优秀" in body


def test_role_grant_page_warns_the_administrator(client, frozen, sysadmin, department):
    from gongkai.orgs.models import RoleAssignment

    from ..factories import UserFactory

    person = UserFactory(username="pg-newcomer", full_name="新同志")
    client.force_login(sysadmin)
    r = client.post(
        f"/office/orgs/people/{person.pk}/roles/",
        {"role": "confidentiality_reviewer", "agency": department.pk},
        follow=True,
    )
    body = r.content.decode()
    assert "角色已分配。" in body and "先培训后上岗" in body
    assert RoleAssignment.objects.filter(user=person, role="confidentiality_reviewer").exists()
    # The office sees the record on the training page.
    training_page = client.get("/office/oversight/training/").content.decode()
    assert "先培训后上岗提示记录" in training_page and "pg-newcomer" in training_page


def test_other_units_records_are_not_found(client, frozen, county_office, outsider, department, open_survey):
    from gongkai.oversight.enums import ViolationType
    from gongkai.oversight.services import cases

    case = cases.case_open(actor=county_office, agency=department, violation=ViolationType.OTHER, facts="x")
    client.force_login(outsider)
    assert client.get(f"/office/oversight/cases/{case.pk}/").status_code == 404
    assert client.get(f"/office/oversight/surveys/{open_survey.pk}/").status_code == 404
    assert client.get(f"/office/oversight/surveys/{open_survey.pk}/export.xlsx").status_code == 404
    assert client.get(f"/office/oversight/cases/{case.pk}/notice.docx").status_code == 404


def test_case_list_filters_of_the_scorecard_links(client, frozen, county_office, department, other_department):
    from gongkai.oversight.enums import ViolationType
    from gongkai.oversight.services import cases

    mine = cases.case_open(actor=county_office, agency=department, violation=ViolationType.OTHER, facts="甲")
    other = cases.case_open(actor=county_office, agency=other_department, violation=ViolationType.OTHER, facts="乙")
    client.force_login(county_office)
    body = client.get(f"/office/oversight/cases/?agency={department.pk}&from=2026-01-01&to=2026-12-31").content.decode()
    assert mine.number in body and other.number not in body
    body = client.get(f"/office/oversight/cases/?agency={department.pk}&from=2027-01-01&to=bad").content.decode()
    assert mine.number not in body
