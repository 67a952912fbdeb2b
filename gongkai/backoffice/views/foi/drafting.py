"""Reply drafting and the downloads (the reply letter, attachments)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.core.errors import DomainError, NotFound
from gongkai.foi import actions as foi_actions
from gongkai.foi import replies, selectors, services
from gongkai.foi.enums import (
    Action,
)

from .common import T, _get_app, _message

# --- Reply drafting -------------------------------------------------------------------------------------------


@login_required
def reply_draft(request, pk: int):
    try:
        app = _get_app(request, pk)
    except DomainError as exc:
        return _message(request, exc, title=_("无法打开"))
    items = list(app.items.all())
    error = None
    errors = {}
    if request.method == "POST":
        decisions = {
            i.pk: {
                "reply_type": request.POST.get(f"type_{i.pk}", ""),
                "reason": request.POST.get(f"reason_{i.pk}", ""),
                "published_where": request.POST.get(f"where_{i.pk}", ""),
                "published_ref": request.POST.get(f"ref_{i.pk}", ""),
            }
            for i in items
        }
        try:
            services.application_transition(
                app,
                Action.DRAFT,
                actor=request.user,
                inputs=foi_actions.DraftInput(decisions=decisions, summary=request.POST.get("summary", "")),
            )
        except DomainError as exc:
            error = exc.message
            errors = (exc.detail or {}).get("items", {}) if isinstance(exc.detail, dict) else {}
            for i in items:
                d = decisions[i.pk]
                i.reply_type, i.reason, i.published_where, i.published_ref = (
                    d["reply_type"],
                    d["reason"],
                    d["published_where"],
                    d["published_ref"],
                )
        else:
            messages.success(request, _("已保存答复拟稿。"))
            return redirect("backoffice:foi_detail", app.pk)
    rows = [{"item": i, "error": errors.get(str(i.pk), "")} for i in items]
    return render(
        request,
        T + "draft.html",
        {
            "app": app,
            "rows": rows,
            "choices": replies.selectable_choices(),
            "error": error,
            "summary": request.POST.get("summary", app.reply_summary),
            "allowed": Action.DRAFT in selectors.allowed_actions(request.user, app),
        },
        status=422 if error else 200,
    )


# --- Downloads ------------------------------------------------------------------------------------------------


@login_required
def letter_download(request, pk: int):
    try:
        app = _get_app(request, pk)
    except DomainError as exc:
        return _message(request, exc, title=_("无法打开"))
    if not app.letter_docx:
        return _message(request, NotFound(_("尚未生成告知书。")), app=app)
    response = HttpResponse(
        bytes(app.letter_docx), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="{app.tracking_number}.docx"'
    return response


@login_required
def attachment_download(request, pk: int, aid: int):
    try:
        app = _get_app(request, pk)
        attachment = selectors.attachment_get(app, aid)
        if attachment is None:
            raise Http404
        name, content_type, data = services.attachment_open(actor=request.user, attachment=attachment)
    except DomainError as exc:
        return _message(request, exc, title=_("没有权限"))
    response = HttpResponse(data, content_type=content_type)
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
