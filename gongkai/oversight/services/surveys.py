"""Social evaluation (004 附件7): surveys built by the office on the dimensions of 第四条, answered
anonymously on the portal (one answer per person), and the problems raised turned into
rectification items with an owner and a rules-clock deadline (第六条: 整改或作出解释)."""

from __future__ import annotations

import hashlib
import hmac
import io
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.audit.services import audit_log
from gongkai.core import clock, documents
from gongkai.core.errors import Conflict, DomainError, InvalidTransition, ValidationFailed
from gongkai.orgs.models import Agency, User
from gongkai.rules.selectors import rule_value
from gongkai.rules.services import deadline_close, deadline_start

from .. import permissions
from ..challenge import check_challenge
from ..enums import Dimension, QuestionKind, RectificationStatus, SurveyStatus
from ..events import OversightEvent
from ..models import Question, Rectification, Survey, SurveyResponse

MAX_QUESTIONS = 50
MAX_TEXT = 2000


class AnswerThrottled(DomainError):
    code = "throttled"
    http_status = 429
    default_message = "提交过于频繁，请明天再试。"


def _keyed(*parts: str) -> str:
    key = settings.SECRET_KEY.encode("utf-8")
    return hmac.new(key, "|".join(parts).encode("utf-8"), hashlib.sha256).hexdigest()


def _clean_question(i: int, q: dict[str, Any]) -> dict[str, Any]:
    text = str(q.get("text") or "").strip()
    if not text:
        raise ValidationFailed(f"第 {i} 题缺少题目。")
    kind = q.get("kind")
    if kind not in QuestionKind.values:
        raise ValidationFailed(f"第 {i} 题的题型无效。")
    dimension = q.get("dimension") or Dimension.OTHER
    if dimension not in Dimension.values:
        raise ValidationFailed(f"第 {i} 题的评议内容无效。")
    options = [str(o).strip() for o in (q.get("options") or []) if str(o).strip()]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if len(options) < 2:
            raise ValidationFailed(f"第 {i} 题（选择题）至少需要两个选项。")
        if len(set(options)) != len(options):
            raise ValidationFailed(f"第 {i} 题的选项重复。")
    else:
        options = []
    scale = int(q.get("scale") or 5)
    if kind == QuestionKind.RATING and not 2 <= scale <= 10:
        raise ValidationFailed(f"第 {i} 题的评分满分应在 2–10 之间。")
    return {
        "text": text[:300],
        "kind": kind,
        "dimension": dimension,
        "options": options,
        "scale": scale,
        "required": bool(q.get("required", True)),
    }


@transaction.atomic
def survey_create(*, actor, agency: Agency, title: str, intro: str = "", questions: list[dict]) -> Survey:
    permissions.require(actor, "survey", "manage", agency)
    title = (title or "").strip()
    if not title:
        raise ValidationFailed("请填写问卷标题。")
    if not questions:
        raise ValidationFailed("问卷至少需要一道题目。")
    if len(questions) > MAX_QUESTIONS:
        raise ValidationFailed(f"问卷最多 {MAX_QUESTIONS} 道题目。")
    cleaned = [_clean_question(i, q) for i, q in enumerate(questions, start=1)]
    survey = Survey.objects.create(agency=agency, title=title[:200], intro=(intro or "").strip(), created_by=actor)
    for position, q in enumerate(cleaned, start=1):
        Question.objects.create(survey=survey, position=position, **q)
    audit_log(
        actor=actor,
        event=OversightEvent.SURVEY_CREATED,
        target=survey,
        data={"new": {"title": survey.title, "questions": len(cleaned)}},
    )
    return survey


@transaction.atomic
def survey_set_status(*, actor, survey: Survey, status: str) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    permissions.require(actor, "survey", "manage", survey.agency_id)
    allowed = {(SurveyStatus.DRAFT, SurveyStatus.OPEN), (SurveyStatus.OPEN, SurveyStatus.CLOSED)}
    if (survey.status, status) not in allowed:
        raise InvalidTransition(f"问卷当前为“{survey.get_status_display()}”，不能改为“{SurveyStatus(status).label}”。")
    old = survey.status
    survey.status = status
    if status == SurveyStatus.OPEN:
        survey.opened_at = clock.now()
    else:
        survey.closed_at = clock.now()
    survey.save()
    audit_log(
        actor=actor,
        event=OversightEvent.SURVEY_STATUS,
        target=survey,
        data={"old": {"status": old}, "new": {"status": status}},
    )
    return survey


def _clean_answers(survey: Survey, raw: dict[str, Any]) -> dict[str, Any]:
    """``raw``: question id (str) -> option text | [option texts] | rating | text."""
    answers: dict[str, Any] = {}
    for q in survey.questions.all():
        value = raw.get(str(q.pk))
        label = f"第 {q.position} 题"
        empty = value in (None, "", []) or (isinstance(value, str) and not value.strip())
        if empty:
            if q.required:
                raise ValidationFailed(f"{label}为必答题。")
            continue
        if q.kind == QuestionKind.SINGLE:
            if isinstance(value, list):
                value = value[0] if len(value) == 1 else None
            if value not in q.options:
                raise ValidationFailed(f"{label}的选项无效。")
            answers[str(q.pk)] = value
        elif q.kind == QuestionKind.MULTIPLE:
            values = value if isinstance(value, list) else [value]
            if not values or any(v not in q.options for v in values) or len(set(values)) != len(values):
                raise ValidationFailed(f"{label}的选项无效。")
            answers[str(q.pk)] = values
        elif q.kind == QuestionKind.RATING:
            try:
                rating = int(str(value).strip())
            except (TypeError, ValueError):
                raise ValidationFailed(f"{label}的评分无效。") from None
            if not 1 <= rating <= q.scale:
                raise ValidationFailed(f"{label}的评分应在 1–{q.scale} 之间。")
            answers[str(q.pk)] = rating
        else:
            text = str(value).strip()
            if len(text) > MAX_TEXT:
                raise ValidationFailed(f"{label}不能超过 {MAX_TEXT} 字。")
            answers[str(q.pk)] = text
    return answers


def survey_answer(
    *, survey: Survey, answers: dict[str, Any], token: str, address: str, challenge_token: str, challenge_answer
) -> SurveyResponse:
    """A citizen's anonymous answer. One per person: ``token`` (a random value the browser keeps)
    answers once; one address answers at most ``oversight.survey_answers_per_address`` a day;
    the challenge must be solved. Nothing identifying is stored (keyed hashes only)."""
    if survey.status != SurveyStatus.OPEN:
        raise ValidationFailed("该问卷目前不接受作答。")
    if not check_challenge(survey.pk, challenge_token, challenge_answer):
        raise ValidationFailed("验证题回答不正确，请重新计算后提交。")
    token = (token or "").strip()
    if len(token) < 16:
        raise ValidationFailed("无法识别答卷人，请启用浏览器 Cookie 后刷新页面重试。")
    cleaned = _clean_answers(survey, answers or {})
    token_hash = _keyed("survey-token", str(survey.pk), token)
    address_hash = _keyed("survey-address", str(survey.pk), address or "")
    now = clock.now()
    limit = int(rule_value("oversight.survey_answers_per_address", survey.agency.region, now).value)
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        if SurveyResponse.objects.filter(survey=survey, token_hash=token_hash).exists():
            raise Conflict("您已经提交过本问卷，感谢参与。")
        since = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        if (
            SurveyResponse.objects.filter(survey=survey, address_hash=address_hash, submitted_at__gte=since).count()
            >= limit
        ):
            raise AnswerThrottled()
        try:
            with transaction.atomic():
                response = SurveyResponse.objects.create(
                    survey=survey, submitted_at=now, address_hash=address_hash, token_hash=token_hash, answers=cleaned
                )
        except IntegrityError:
            raise Conflict("您已经提交过本问卷，感谢参与。") from None
        audit_log(
            actor=None,
            event=OversightEvent.SURVEY_ANSWERED,
            target=survey,
            data={"new": {"response": response.pk}},
        )
    return response


def survey_export(survey: Survey) -> bytes:
    """All answers as .xlsx (one row per answer, one column per question)."""
    import openpyxl

    questions = list(survey.questions.all())
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "答卷"
    ws.append(["序号", "提交时间", *[f"{q.position}. {q.text}" for q in questions]])
    for n, r in enumerate(survey.responses.order_by("submitted_at", "id"), start=1):
        row = [n, timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M")]
        for q in questions:
            v = r.answers.get(str(q.pk), "")
            row.append("、".join(v) if isinstance(v, list) else v)
        ws.append(row)
    documents.set_workbook_properties(wb, author=survey.agency.name, title=survey.title)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- rectification (附件7 第六条) -----------------------------------------------------------------


@transaction.atomic
def rectification_open(
    *, actor, agency: Agency, problem: str, owner: User | None = None, survey: Survey | None = None
) -> Rectification:
    permissions.require(actor, "survey", "manage", agency)
    problem = (problem or "").strip()
    if not problem:
        raise ValidationFailed("请填写需要整改的问题。")
    item = Rectification.objects.create(survey=survey, agency=agency, owner=owner, problem=problem)
    item.deadline = deadline_start(
        actor=actor,
        target=item,
        agency=agency,
        rule_key="oversight.rectification_period",
        start=clock.now(),
        handler=owner,
        title=f"整改：{problem[:40]}",
    )
    item.save(update_fields=["deadline"])
    audit_log(
        actor=actor,
        event=OversightEvent.RECTIFICATION_OPENED,
        target=item,
        data={"new": {"problem": problem[:200], "owner": owner.username if owner else None}},
    )
    return item


@transaction.atomic
def rectification_close(*, actor, item: Rectification, status: str, resolution: str) -> Rectification:
    item = Rectification.objects.select_for_update().get(pk=item.pk)
    permissions.require(actor, "survey", "handle", item.agency_id)
    if item.status != RectificationStatus.OPEN:
        raise InvalidTransition("该整改事项已经办结。")
    if status not in (RectificationStatus.RECTIFIED, RectificationStatus.EXPLAINED):
        raise ValidationFailed("请选择“已整改”或“作出解释”。")
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationFailed("请写明整改情况或不具备整改条件的解释。")
    item.status, item.resolution, item.closed_at = status, resolution, clock.now()
    item.save()
    if item.deadline_id:
        deadline_close(actor=actor, deadline=item.deadline)
    audit_log(
        actor=actor,
        event=OversightEvent.RECTIFICATION_CLOSED,
        target=item,
        data={"new": {"status": status, "resolution": resolution[:200]}},
    )
    return item
