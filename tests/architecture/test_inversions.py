"""Where a lower app needs what only a higher one knows, the higher one registers it at start-up.
These check that the registrations give exactly what the code gave before it moved."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import RequestFactory

from gongkai.audit import scope
from gongkai.backoffice.links import OBJECT_PAGES
from gongkai.catalog.models import InformationItem
from gongkai.core import links
from gongkai.foi.models import Application
from gongkai.opinion.models import Event, MonitoringPlan, Post, Source
from gongkai.opinion.response_models import (
    DecisionRiskAssessment,
    EventAssignment,
    OpinionReport,
    OpinionResponse,
    ResponseClock,
)
from gongkai.workflow.models import Review


@pytest.mark.parametrize(
    ("obj", "path"),
    [
        # the paths the kernel and domain code built themselves before (reverse or f-strings)
        (Review(pk=3), "/office/reviews/3/"),
        (InformationItem(pk=4), "/office/catalog/items/4/"),
        (Application(pk=5), "/office/foi/5/"),
        (Source(pk=6), "/office/opinion/sources/6/"),
        (MonitoringPlan(pk=7), "/office/opinion/plans/7/"),
        (Event(pk=8), "/office/opinion/events/8/"),
        (Post(pk=9), "/office/opinion/posts/9/"),
        (OpinionResponse(pk=10), "/office/opinion/response/responses/10/"),
        (OpinionReport(pk=11), "/office/opinion/response/reports/11.docx"),
        (DecisionRiskAssessment(pk=12), "/office/opinion/response/risk/12/"),
        (EventAssignment(pk=1, event_id=13), "/office/opinion/response/events/13/"),
        (ResponseClock(pk=1, event_id=14), "/office/opinion/response/events/14/"),
    ],
)
def test_an_object_links_to_the_same_staff_page_as_before(obj, path):
    assert links.url_for(obj) == path
    if hasattr(obj, "get_absolute_url"):
        assert obj.get_absolute_url() == path


def test_named_staff_pages():
    assert links.url("opinion.event.response", 15) == "/office/opinion/response/events/15/"
    assert links.url("opinion.event.response", Event(pk=16)) == "/office/opinion/response/events/16/"
    assert links.url("opinion.response.statistics") == "/office/opinion/response/statistics/"


def test_every_object_page_the_back_office_registers_is_a_model_label():
    from django.apps import apps

    labels = {m._meta.label_lower for m in apps.get_models()}
    assert set(OBJECT_PAGES) <= labels
    assert set(OBJECT_PAGES) <= set(links.registered())


def test_an_unregistered_link_is_a_clear_wiring_error():
    with pytest.raises(links.LinkNotRegistered):
        links.url("no.such.page", 1)


def test_audit_asks_orgs_who_may_read_which_agency(monkeypatch):
    # given orgs registered its rule at start-up: a system administrator sees every agency
    class Anonymous:
        is_authenticated = False
        is_superuser = False

    assert scope.visible_agency_ids(Anonymous()) == set()

    # without a registered rule, audit refuses to guess
    monkeypatch.setattr(scope, "_provider", None)
    with pytest.raises(ImproperlyConfigured):
        scope.visible_agency_ids(Anonymous())


@pytest.mark.django_db
def test_load_demo_lists_the_demo_accounts_that_serve_prints():
    from gongkai.orgs.demo import DEMO_ACCOUNTS

    out = io.StringIO()
    call_command("load_demo", verbosity=1, stdout=out, no_color=True)
    text = out.getvalue()
    assert "demo accounts (user, password, role):" in text
    for username, password, description in DEMO_ACCOUNTS:
        assert f"  {username:<16} {password:<16} {description}" in text


def test_sign_in_pages_fall_back_to_the_back_office_home():
    from gongkai.orgs.views import _safe_next

    request = RequestFactory().get("/account/otp/verify/")
    assert _safe_next(request) == "/office/"
    request = RequestFactory().get("/account/otp/verify/", {"next": "https://evil.example/"})
    assert _safe_next(request) == "/office/"


def test_the_paths_the_edges_own_are_settings(settings):
    assert tuple(settings.SECOND_FACTOR_PATH_PREFIXES) == ("/office/", "/admin/", "/api/v1/")
    assert tuple(settings.NO_STORE_PATH_PREFIXES) == ("/office/", "/account/", "/admin/", "/apply/")
