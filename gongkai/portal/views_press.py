"""The public 新闻发布会 column (R6.3): approved conferences only, each with its page (transcript,
video/audio played with range requests, photos, materials), the spokesperson directory (only filed
ones), online interviews with moderated questions, and a feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.core.errors import DomainError, NotFound
from gongkai.core.http import client_address
from gongkai.press import media, selectors, services
from gongkai.press.enums import InterviewStatus, MediaKind
from gongkai.press.forms import QuestionForm

from .params import parse_id

T = "portal/press/"


def _not_found(request, exc):
    return render(request, T + "not_found.html", {"message": exc.message}, status=404)


@require_safe
def conference_list(request):
    page = Paginator(selectors.public_conference_list(), 20).get_page(request.GET.get("page"))
    return render(request, T + "list.html", {"page": page, "interviews": selectors.public_interview_list()[:5]})


@require_safe
def conference_detail(request, pk: int):
    try:
        c = selectors.public_conference_get(pk)
    except NotFound as exc:
        return _not_found(request, exc)
    rows = list(selectors.conference_media(c)) if c.status == "published" else []
    return render(
        request,
        T + "conference.html",
        {
            "c": c,
            "videos": [m for m in rows if m.kind == MediaKind.VIDEO],
            "audios": [m for m in rows if m.kind == MediaKind.AUDIO],
            "photos": [m for m in rows if m.kind == MediaKind.PHOTO],
            "materials": [m for m in rows if m.kind == MediaKind.MATERIAL],
        },
    )


@require_safe
def media_file(request, pk: int, media_id: int):
    """A published conference's file, inline, honouring a byte range (206) so it plays and seeks."""
    pk, media_id = parse_id(pk), parse_id(media_id)
    try:
        row = selectors.public_media_get(pk or 0, media_id or 0)
        return media.ranged_response(request, row.file, content_type=row.content_type, size=row.size)
    except (NotFound, FileNotFoundError, OSError):
        raise Http404(_("未找到该文件。")) from None


@require_safe
def spokespersons(request):
    return render(request, T + "spokespersons.html", {"rows": selectors.public_directory()})


@require_safe
def interview_list(request):
    page = Paginator(selectors.public_interview_list(), 20).get_page(request.GET.get("page"))
    return render(request, T + "interview_list.html", {"page": page})


def interview_detail(request, pk: int):
    try:
        i = selectors.public_interview_get(pk)
    except NotFound as exc:
        return _not_found(request, exc)
    form = QuestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.question_submit(interview=i, ip=client_address(request), **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.http_status
            else:
                messages.success(request, _("问题已提交，经审核后显示。"))
                return redirect("portal:press_interview", i.pk)
        else:
            status = 422
    return render(
        request,
        T + "interview.html",
        {
            "i": i,
            "questions": selectors.public_questions(i),
            "form": form,
            "open": i.status in (InterviewStatus.PLANNED, InterviewStatus.LIVE),
        },
        status=status,
    )


class ConferenceFeed(Feed):
    title = "新闻发布会"
    description = "本平台新闻发布会栏目：发布会预告、文字实录和音视频。"

    def link(self):
        return reverse("portal:press_list")

    def items(self):
        return selectors.public_conference_list()[:30]

    def item_title(self, item):
        return item.topic

    def item_description(self, item):
        when = item.held_at or item.planned_at
        return f"{item.agency.name}　{when:%Y-%m-%d %H:%M}　{item.get_status_display()}"

    def item_link(self, item):
        return item.get_public_url()

    def item_pubdate(self, item):
        return item.published_at or item.announced_at or item.held_at
