"""Public pages of the leader mailbox (领导信箱): write a letter, query it with the query code, read
the reply and rate it; the public list of published letters (personal data removed, with the
writer's consent) with search and monthly statistics."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.core.http import client_address
from gongkai.interaction import selectors, services
from gongkai.interaction.enums import ANONYMOUS_KINDS, Kind, Rating, Status
from gongkai.interaction.privacy import public_text

T = "portal/interaction/"
SESSION_KEY = "interaction_access"


def public_list(request):
    q = (request.GET.get("q") or "").strip()[:100]
    letters = selectors.published_search(q) if q else list(selectors.published_letters()[:50])
    rows = [{"letter": x, "text": public_text(x)} for x in letters]
    return render(
        request,
        T + "list.html",
        {"rows": rows, "q": q, "stats": selectors.public_monthly_statistics()},
    )


def public_letter(request, public_id: str):
    letter = selectors.published_letter(public_id)
    if letter is None:
        return render(request, T + "not_found.html", status=404)
    return render(request, T + "public_letter.html", {"letter": letter, "text": public_text(letter)})


def _checked(request, name: str) -> bool:
    return request.POST.get(name) in ("1", "on", "true")


def write(request):
    offices = selectors.mailbox_offices()
    places = selectors.places()
    error = ""
    status = 200
    values = {}
    if request.method == "POST":
        values = {
            k: (request.POST.get(k) or "").strip()
            for k in ("office", "kind", "title", "content", "name", "phone", "email", "address", "place")
        }
        office = offices.filter(pk=values["office"] if values["office"].isdigit() else 0).first()
        place = places.filter(pk=values["place"] if values["place"].isdigit() else 0).first()
        files = [(f.name, f.read()) for f in request.FILES.getlist("attachments")[:6]]
        try:
            if office is None:
                raise ValidationFailed(_("请选择信箱。"))
            letter, code = services.letter_submit_online(
                office=office,
                data=services.LetterInput(
                    kind=values["kind"],
                    title=values["title"],
                    content=values["content"],
                    name=values["name"],
                    phone=values["phone"],
                    email=values["email"],
                    address=values["address"],
                    anonymous=_checked(request, "anonymous"),
                    publish_consent=_checked(request, "publish_consent"),
                    place=place,
                    attachments=files,
                ),
                ip=client_address(request),
            )
        except DomainError as exc:
            error, status = exc.message, exc.http_status
        else:
            request.session["interaction_new"] = {"public_id": letter.public_id, "code": code}
            granted = list(request.session.get(SESSION_KEY, []))
            request.session[SESSION_KEY] = [*granted, letter.pk][-20:]
            return redirect("portal:interaction_done")
    return render(
        request,
        T + "write.html",
        {
            "offices": offices,
            "places": places,
            "kinds": Kind.choices,
            "anonymous_kinds": [Kind(k).label for k in ANONYMOUS_KINDS],
            "error": error,
            "values": values,
        },
        status=status,
    )


def done(request):
    new = request.session.pop("interaction_new", None)
    letter = selectors.letter_by_public_id(new.get("public_id")) if new else None
    if letter is None:
        return redirect("portal:interaction_query")
    return render(request, T + "done.html", {"letter": letter, "code": new["code"]})


def query(request):
    error, number, status = "", "", 200
    if request.method == "POST":
        number = (request.POST.get("number") or "").strip()[:32]
        try:
            letter = services.letter_public_lookup(
                public_id=number, query_code=request.POST.get("code", ""), ip=client_address(request)
            )
        except DomainError as exc:
            error, status = exc.message, exc.http_status
        else:
            granted = [g for g in request.session.get(SESSION_KEY, []) if g != letter.pk]
            request.session[SESSION_KEY] = [*granted, letter.pk][-20:]
            return redirect("portal:interaction_status", letter.public_id)
    return render(request, T + "query.html", {"error": error, "number": number}, status=status)


def _granted(request, public_id: str):
    letter = selectors.letter_by_public_id(public_id)
    if letter is None or letter.pk not in request.session.get(SESSION_KEY, []):
        return None
    return letter


def status(request, public_id: str, error: str = "", code: int = 200):
    letter = _granted(request, public_id)
    if letter is None:
        return redirect("portal:interaction_query")
    return render(
        request,
        T + "status.html",
        {
            "letter": letter,
            "events": selectors.letter_events(letter, public_only=True),
            "can_rate": letter.status == Status.REPLIED,
            "ratings": Rating.choices,
            "error": error,
        },
        status=code,
    )


@require_POST
def rate(request, public_id: str):
    letter = _granted(request, public_id)
    if letter is None:
        return redirect("portal:interaction_query")
    try:
        services.letter_rate(
            letter=letter, rating=request.POST.get("rating", ""), reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        return status(request, public_id, error=exc.message, code=exc.http_status)
    return redirect("portal:interaction_status", letter.public_id)


class PublishedLettersRss(Feed):
    """RSS of the published letters and replies (personal data removed, ``privacy.public_text``)."""

    title = "领导信箱：公开的来信与答复"
    description = "经来信人同意公开的来信及答复（已隐去个人信息）。"

    def link(self):
        return reverse("portal:interaction_list")

    def items(self):
        return list(selectors.published_letters()[:30])

    def item_title(self, letter) -> str:
        return public_text(letter)["title"]

    def item_description(self, letter) -> str:
        text = public_text(letter)
        return f"{text['content']}\n\n答复：{text['reply']}"

    def item_link(self, letter) -> str:
        return reverse("portal:interaction_public_letter", args=[letter.public_id])

    def item_pubdate(self, letter):
        return letter.published_at
