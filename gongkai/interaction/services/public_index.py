"""The public search index of published letters (personal data removed, ``privacy.public_text``)."""

from __future__ import annotations

from gongkai.search import services as search

from ..models import Letter
from ..privacy import public_text

SEARCH_KIND = "interaction.letter"


def public_url(letter: Letter) -> str:
    """The portal page of the published letter (by its URL name; no portal code is imported)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("portal:interaction_public_letter", args=[letter.public_id])
    except NoReverseMatch:
        return ""


def index_letter(letter: Letter) -> None:
    if not letter.published:
        search.remove_document(kind=SEARCH_KIND, object_id=letter.pk)
        return
    text = public_text(letter)
    search.index_document(
        kind=SEARCH_KIND,
        object_id=letter.pk,
        title=text["title"],
        body=f"{text['content']}\n{text['reply']}",
        agency_id=letter.office_id,
        facets={"kind": letter.kind},
        published_at=letter.published_at,
        url=public_url(letter),
    )
