"""What is recorded on an event: rumour leads, feedback, meetings, the special report (issue, download)
and the daily log.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import clock
from gongkai.core.errors import DomainError, NotFound, PermissionDenied
from gongkai.opinion.response import (
    oversight,
    permissions,
    reports,
    selectors,
    services,
)
from gongkai.opinion.response.forms import (
    FeedbackForm,
    MeetingForm,
    RumourLeadForm,
)

from .common import DOCX, T, _event, _event_url, _jurisdiction_agencies, _message, _my_units
from .events import _event_context, _report_form


def _record(request, pk: int, form_class, call, success: str, **form_kwargs):
    try:
        event = _event(request, pk)
    except NotFound as exc:
        return _message(request, exc)
    units = _my_units(request, event)
    kwargs = {"agencies": units}
    kwargs.update({k: v(event) for k, v in form_kwargs.items()})
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        key = {RumourLeadForm: "lead_form", FeedbackForm: "feedback_form", MeetingForm: "meeting_form"}[form_class]
        return render(request, T + "event_detail.html", _event_context(request, event, **{key: form}), status=422)
    try:
        call(event, form.cleaned_data)
    except DomainError as exc:
        return _message(request, exc, event=event)
    messages.success(request, success)
    return redirect(_event_url(event))


@login_required
@require_POST
def rumour_lead_create(request, pk: int):
    def call(event, d):
        services.rumour_lead_create(
            actor=request.user,
            event=event,
            agency=d["agency"],
            recipient_kind=d["recipient_kind"],
            recipient_agency=d["recipient_agency"],
            recipient_name=d["recipient_name"],
            handed_at=d["handed_at"],
            content=d["content"],
        )

    return _record(request, pk, RumourLeadForm, call, _("已登记线索移交。"), recipients=_jurisdiction_agencies)


@login_required
@require_POST
def feedback_create(request, pk: int):
    def call(event, d):
        services.feedback_create(actor=request.user, event=event, **d)

    return _record(request, pk, FeedbackForm, call, _("已登记处置结果反馈。"))


@login_required
@require_POST
def meeting_create(request, pk: int):
    def call(event, d):
        services.meeting_create(
            actor=request.user,
            event=event,
            convener=d["convener"],
            held_at=d["held_at"],
            place=d["place"],
            units=list(d["units"]),
            people=d["people"],
            decisions=d["decisions"],
        )

    return _record(request, pk, MeetingForm, call, _("已登记会商记录。"), units=_jurisdiction_agencies)


@login_required
def special_report(request, pk: int):
    try:
        event = _event(request, pk)
    except NotFound as exc:
        return _message(request, exc)
    response = HttpResponse(reports.special_report(event, user=request.user), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="opinion-special-report-{event.pk}.docx"'
    return response


@login_required
@require_POST
def report_issue(request, pk: int):
    try:
        event = _event(request, pk)
    except NotFound as exc:
        return _message(request, exc)
    if not permissions.can_coordinate(request.user, event):
        return _message(request, PermissionDenied(_("只有组织协调单位可以报送舆情专报、快报和简报。")), event=event)
    form = _report_form(request, event, request.POST)
    if not form.is_valid():
        return render(request, T + "event_detail.html", _event_context(request, event, report_form=form), status=422)
    try:
        report = oversight.report_issue(
            actor=request.user,
            event=event,
            kind=form.cleaned_data["kind"],
            issuer=form.cleaned_data["issuer"],
            recipients=list(form.cleaned_data["recipients"]),
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        return _message(request, exc, event=event)
    messages.success(request, _("已报送：%(number)s。") % {"number": report.number})
    return redirect(_event_url(event) + "#h-reports")


@login_required
def report_download(request, pk: int):
    try:
        report = oversight.report_get_visible_to(request.user, pk)
    except NotFound as exc:
        return _message(request, exc)
    oversight.report_open(actor=request.user, report=report)
    response = HttpResponse(bytes(report.document), content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="opinion-{report.kind}-report-{report.year}-{report.serial}-{report.issuer_id}.docx"'
    )
    return response


@login_required
@require_POST
def feedback_publish(request, pk: int):
    feedback = selectors.feedback_get(pk)
    if feedback is None or not permissions.can_see_event(request.user, feedback.event):
        return _message(request, NotFound(_("未找到该反馈记录。")))
    try:
        row = oversight.adopted_suggestions_draft(actor=request.user, feedback=feedback)
    except DomainError as exc:
        return _message(request, exc, event=feedback.event)
    messages.success(request, _("已生成采纳情况公开的回应草稿，请修改后提交审核。"))
    return redirect("backoffice:opinion_response_detail", row.pk)


@login_required
def daily_log(request):
    raw = request.GET.get("date") or clock.today().isoformat()
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return _message(request, DomainError(_("日期格式应为 YYYY-MM-DD。")), title=_("日期无效"))
    response = HttpResponse(reports.daily_log(request.user, day), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="opinion-daily-log-{day.isoformat()}.docx"'
    return response
