"""Media upload limits (type, size) and playback with HTTP range requests (206); the public column
shows only approved conferences and only published media; the feed and the directory."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.core.errors import InvalidTransition, ValidationFailed
from gongkai.press import services
from gongkai.press.enums import MediaKind
from gongkai.workflow import selectors as review_selectors
from gongkai.workflow import services as review_services
from gongkai.workflow.enums import Decision

pytestmark = pytest.mark.django_db

WEBM = b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 8  # a WebM (EBML) signature, then 2048 bytes


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def approved(planner, department, plan_values, news_office, unit_admin, frozen):
    c = services.conference_plan(actor=planner, agency=department, **plan_values)
    services.conference_submit(actor=planner, conference=c)
    for user in (news_office, unit_admin):
        review = review_selectors.review_active_for(c)
        review_services.review_decide(actor=user, review=review, decision=Decision.APPROVE, comment="同意")
    c.refresh_from_db()
    return c


@pytest.fixture
def held(approved, planner, frozen):
    services.conference_hold(actor=planner, conference=approved, held_at=frozen())
    return approved


def _video(name="live.webm", data=WEBM):
    return SimpleUploadedFile(name, data, content_type="video/webm")


def test_media_needs_a_held_conference(approved, planner):
    with pytest.raises(InvalidTransition):
        services.media_upload(actor=planner, conference=approved, kind=MediaKind.VIDEO, title="", upload=_video())


@pytest.mark.parametrize(
    "kind, name, data, code",
    [
        (MediaKind.VIDEO, "clip.exe", WEBM, "media_type"),
        (MediaKind.VIDEO, "clip.webm", b"MZ\x90\x00" + b"\x00" * 100, "media_type"),  # renamed executable
        (MediaKind.PHOTO, "clip.webm", WEBM, "media_type"),  # a video is not a photo
        (MediaKind.VIDEO, "clip.webm", b"", "media_size"),
    ],
)
def test_upload_type_limits(held, planner, kind, name, data, code):
    with pytest.raises(ValidationFailed) as exc:
        services.media_upload(actor=planner, conference=held, kind=kind, title="", upload=_video(name, data))
    assert exc.value.code == code
    assert held.media.count() == 0


def test_upload_size_limit_from_settings(held, planner, settings):
    settings.PRESS_MEDIA_LIMITS = {**settings.PRESS_MEDIA_LIMITS, "video": {"extensions": ["webm"], "max_bytes": 1000}}
    with pytest.raises(ValidationFailed, match="不能超过") as exc:
        services.media_upload(actor=planner, conference=held, kind=MediaKind.VIDEO, title="", upload=_video())
    assert exc.value.code == "media_size"


def test_other_unit_cannot_upload(held, outsider):
    from gongkai.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.media_upload(actor=outsider, conference=held, kind=MediaKind.VIDEO, title="", upload=_video())


def test_playback_with_range_requests_only_after_publication(held, planner):
    m = services.media_upload(actor=planner, conference=held, kind=MediaKind.VIDEO, title="实况", upload=_video())
    assert m.content_type == "video/webm" and m.size == len(WEBM)
    client = Client()
    url = m.get_public_url()
    assert client.get(url).status_code == 404  # held, not yet published
    services.conference_publish(actor=planner, conference=held, transcript="实录")

    full = client.get(url)
    assert full.status_code == 200 and full["Accept-Ranges"] == "bytes"
    assert b"".join(full.streaming_content) == WEBM

    part = client.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{len(WEBM)}"
    assert part["Content-Length"] == "100"
    assert b"".join(part.streaming_content) == WEBM[100:200]

    open_ended = client.get(url, HTTP_RANGE="bytes=2000-")
    assert open_ended.status_code == 206 and b"".join(open_ended.streaming_content) == WEBM[2000:]

    suffix = client.get(url, HTTP_RANGE="bytes=-4")
    assert suffix.status_code == 206 and b"".join(suffix.streaming_content) == WEBM[-4:]

    bad = client.get(url, HTTP_RANGE=f"bytes={len(WEBM) + 10}-")
    assert bad.status_code == 416 and bad["Content-Range"] == f"bytes */{len(WEBM)}"


def test_portal_column_shows_only_approved_and_published(held, planner, department, plan_values):
    draft = services.conference_plan(actor=planner, agency=department, **{**plan_values, "topic": "尚未审批的发布会"})
    client = Client()
    page = client.get("/press/").content.decode()
    assert plan_values["topic"] in page and "尚未审批的发布会" not in page
    assert client.get(f"/press/conferences/{draft.pk}/").status_code == 404
    detail = client.get(f"/press/conferences/{held.pk}/").content.decode()
    assert "发布口径" not in detail and plan_values["talking_points"] not in detail  # internal plan stays internal
    services.media_upload(actor=planner, conference=held, kind=MediaKind.VIDEO, title="实况录像", upload=_video())
    services.conference_publish(actor=planner, conference=held, transcript="主持人：各位记者朋友上午好。")
    detail = client.get(f"/press/conferences/{held.pk}/").content.decode()
    assert "主持人：各位记者朋友上午好。" in detail and "<video" in detail
    feed = client.get("/press/feed/rss/")
    assert feed.status_code == 200 and plan_values["topic"] in feed.content.decode()
    assert "/press/" in client.get("/").content.decode()


def test_public_directory_page(unit_admin, department, news_office, frozen):
    f = services.filing_create(
        actor=unit_admin,
        agency=department,
        role="spokesperson",
        name="褚云",
        title="副局长",
        office_phone="0477-1",
        since="2026-01-01",
    )
    client = Client()
    services.filing_submit(actor=unit_admin, filing=f)
    assert "褚云" not in client.get("/press/spokespersons/").content.decode()
    review = review_selectors.review_active_for(f)
    review_services.review_decide(actor=news_office, review=review, decision=Decision.APPROVE, comment="")
    assert "褚云" in client.get("/press/spokespersons/").content.decode()


def test_sitemap_lists_public_conferences_only(held, planner, department, plan_values):
    draft = services.conference_plan(actor=planner, agency=department, **{**plan_values, "topic": "草稿"})
    body = Client().get("/sitemap-press.xml").content.decode()
    assert f"/press/conferences/{held.pk}/" in body and f"/press/conferences/{draft.pk}/" not in body
