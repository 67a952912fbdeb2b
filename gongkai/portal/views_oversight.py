"""Public pages of social evaluation (社会评议, 004 附件7): open surveys answered anonymously, and
their live results; the published assessment results of units.

One answer per person: a random token kept in a cookie answers once; an address answers at most
the rule's number a day; a small sum must be solved. Nothing identifying is stored."""

from __future__ import annotations

import secrets

from django.contrib.staticfiles import finders
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.core.errors import DomainError
from gongkai.core.http import client_address
from gongkai.oversight import selectors
from gongkai.oversight.challenge import new_challenge
from gongkai.oversight.enums import QuestionKind, SurveyStatus
from gongkai.oversight.services import surveys

T = "portal/oversight/"
COOKIE = "gk_survey"
COOKIE_AGE = 365 * 24 * 3600
ECHARTS = "vendor/echarts/echarts.min.js"


def _token(request) -> str:
    value = request.COOKIES.get(COOKIE, "")
    return value if 16 <= len(value) <= 64 and value.isalnum() else ""


def _with_cookie(response, token: str):
    response.set_cookie(COOKIE, token, max_age=COOKIE_AGE, httponly=True, samesite="Lax")
    return response


def survey_list(request):
    return render(request, T + "list.html", {"surveys": selectors.public_surveys()})


def _raw_answers(request, survey) -> dict:
    raw = {}
    for q in survey.questions.all():
        name = f"q{q.pk}"
        raw[str(q.pk)] = request.POST.getlist(name) if q.kind == QuestionKind.MULTIPLE else request.POST.get(name, "")
    return raw


def survey_detail(request, pk: int):
    survey = selectors.public_survey_get(pk)
    if survey is None:
        raise Http404
    token = _token(request) or secrets.token_hex(16)
    error, status, posted = "", 200, {}
    if request.method == "POST" and survey.status == SurveyStatus.OPEN:
        raw = _raw_answers(request, survey)
        posted = raw
        try:
            surveys.survey_answer(
                survey=survey,
                answers=raw,
                token=_token(request),
                address=client_address(request),
                challenge_token=request.POST.get("challenge_token", ""),
                challenge_answer=request.POST.get("challenge_answer", ""),
            )
        except DomainError as exc:
            error, status = exc.message, exc.http_status
        else:
            return redirect("portal:survey_thanks", pk=survey.pk)
    question, challenge_token = new_challenge(survey.pk)
    response = render(
        request,
        T + "detail.html",
        {
            "survey": survey,
            "questions": survey.questions.all(),
            "challenge_question": question,
            "challenge_token": challenge_token,
            "error": error,
            "posted": posted,
        },
        status=status,
    )
    return _with_cookie(response, token)


def survey_thanks(request, pk: int):
    survey = selectors.public_survey_get(pk)
    if survey is None:
        raise Http404
    return render(request, T + "thanks.html", {"survey": survey, "message": _("感谢您参与评议！")})


def survey_results(request, pk: int):
    survey = selectors.public_survey_get(pk)
    if survey is None:
        raise Http404
    return render(
        request,
        T + "results.html",
        {
            "survey": survey,
            "results": selectors.survey_results(survey),
            "chart_data": selectors.survey_chart_data(survey),
            "has_echarts": bool(finders.find(ECHARTS)),
        },
    )


def survey_results_json(request, pk: int):
    survey = selectors.public_survey_get(pk)
    if survey is None:
        raise Http404
    return JsonResponse(selectors.survey_chart_data(survey))


def assessment_results(request):
    return render(request, T + "assessment.html", {"rounds": selectors.published_round_cards()})
