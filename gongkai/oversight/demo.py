"""Demo data of oversight (``settings.DEMO_LOADERS``): courses and attendance of the education
bureau of 鄂托克前旗, an open social-evaluation survey with some answers and a rectification item,
an accountability case, and this year's assessment computed (not published). Idempotent."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction

from gongkai.core import clock
from gongkai.orgs.models import Agency, User

from .challenge import new_challenge
from .enums import Dimension, QuestionKind, SurveyStatus, ViolationType
from .models import AccountabilityCase, AssessmentRound, Course, Survey
from .services import assessment, cases, surveys, training

SURVEY_TITLE = "鄂托克前旗政府信息公开工作社会评议问卷"
QUESTIONS = [
    {
        "text": "您获取所需政府信息是否及时？",
        "kind": QuestionKind.SINGLE,
        "dimension": Dimension.TIMELINESS,
        "options": ["及时", "基本及时", "不及时"],
    },
    {"text": "公开的政府信息是否准确？", "kind": QuestionKind.RATING, "dimension": Dimension.ACCURACY, "scale": 5},
    {"text": "公开的政府信息是否全面？", "kind": QuestionKind.RATING, "dimension": Dimension.COMPLETENESS, "scale": 5},
    {
        "text": "您通常通过哪些渠道获取政府信息？",
        "kind": QuestionKind.MULTIPLE,
        "dimension": Dimension.CONVENIENCE,
        "options": ["政府网站", "政务新媒体", "政府公报", "公开查阅点"],
    },
    {
        "text": "您对政府信息公开工作的意见和建议",
        "kind": QuestionKind.TEXT,
        "dimension": Dimension.OTHER,
        "required": False,
    },
]
ANSWERS = [
    ("及时", 5, 4, ["政府网站", "政务新媒体"], "希望招生信息更早公布。"),
    ("基本及时", 4, 4, ["政府网站"], ""),
    ("不及时", 3, 2, ["政府公报"], "部分栏目长期未更新。"),
    ("及时", 5, 5, ["政务新媒体"], ""),
]


def _solve(survey_id: int):
    from django.core import signing

    from .challenge import SALT

    _q, token = new_challenge(survey_id)
    return token, signing.loads(token, salt=SALT)["a"]


@transaction.atomic
def load_demo_oversight() -> dict[str, int]:
    created = {"courses": 0, "surveys": 0, "answers": 0, "cases": 0, "rounds": 0}
    gov = Agency.objects.filter(name="鄂托克前旗人民政府").first()
    edu = Agency.objects.filter(name="鄂托克前旗教育局").first()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["gkbstaff", "unitadmin", "subuser", "sectionhead", "reviewer"])
    }
    if gov is None or edu is None or len(users) < 5:
        return created
    office = users["gkbstaff"]
    today = clock.today()
    year = today.year
    if not Course.objects.filter(agency=edu, held_on__year=year).exists():
        c1 = training.course_create(
            actor=office,
            agency=edu,
            topic="《政府信息公开条例》解读",
            held_on=dt.date(year, 1, 15),
            hours="1.5",
            teacher="周华",
            has_exam=True,
        )
        c2 = training.course_create(
            actor=office,
            agency=edu,
            topic="主动公开与保密审查实务",
            held_on=min(today, dt.date(year, 3, 10)),
            hours="1",
            teacher="吴静",
        )
        for name, score in (("unitadmin", 92), ("sectionhead", 85), ("reviewer", 55)):
            training.attendance_record(actor=office, course=c1, person=users[name], exam_score=score)
        for name in ("unitadmin", "subuser"):
            training.attendance_record(actor=office, course=c2, person=users[name])
        created["courses"] = 2
    survey = Survey.objects.filter(title=SURVEY_TITLE).first()
    if survey is None:
        survey = surveys.survey_create(
            actor=office,
            agency=edu,
            title=SURVEY_TITLE,
            intro="请您对教育局政府信息公开工作的及时性、准确性、全面性和便民程度进行评议。",
            questions=QUESTIONS,
        )
        survey = surveys.survey_set_status(actor=office, survey=survey, status=SurveyStatus.OPEN)
        created["surveys"] = 1
        qs = list(survey.questions.all())
        for i, values in enumerate(ANSWERS):
            token, value = _solve(survey.pk)
            answers = {str(q.pk): v for q, v in zip(qs, values, strict=True) if v not in ("", [])}
            surveys.survey_answer(
                survey=survey,
                answers=answers,
                token=secrets.token_hex(16),
                address=f"192.0.2.{i + 1}",
                challenge_token=token,
                challenge_answer=value,
            )
            created["answers"] += 1
        surveys.rectification_open(
            actor=office,
            agency=edu,
            problem="网站部分栏目长期未更新（社会评议反映）",
            owner=users["unitadmin"],
            survey=survey,
        )
    if not AccountabilityCase.objects.filter(agency=edu, source="manual").exists():
        cases.case_open(
            actor=office,
            agency=edu,
            violation=ViolationType.NOT_UPDATED,
            facts="政府信息公开指南自上年起未按规定更新。",
            persons="办公室",
        )
        created["cases"] = 1
    if not AssessmentRound.objects.filter(government=gov, year=year, quarter=None).exists():
        assessment.round_compute(actor=office, government=gov, year=year)
        created["rounds"] = 1
    return created
