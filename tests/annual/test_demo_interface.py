"""The demo loader (idempotent, real services) and the assessment figures offered to oversight."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from gongkai.annual import interface
from gongkai.annual.demo import load_demo_annual
from gongkai.annual.enums import ReportStatus
from gongkai.annual.models import GazetteIssue, Report
from gongkai.catalog.demo import load_demo_items
from gongkai.orgs.demo import load_demo
from gongkai.orgs.models import Agency

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_shows_on_the_portal():
    load_demo()
    load_demo_items()
    first = load_demo_annual()
    second = load_demo_annual()
    assert first["published"] == 1 and second["published"] == 0 and second["reports"] == 0
    report = Report.objects.get(status=ReportStatus.PUBLISHED)
    assert report.title in Client().get("/annual-reports/").content.decode()
    assert GazetteIssue.objects.count() == 1
    edu = Agency.objects.get(name="鄂托克前旗教育局")
    figures = interface.assessment_figures(
        agency_id=edu.pk, start=dt.date(report.year + 1, 1, 1), end=dt.date(report.year + 1, 12, 31)
    )
    assert figures[0]["key"] == "annual.reports_on_time" and figures[0]["records"] == 1
    # the demo publishes the report of two years ago today: after its due date, so not on time
    assert figures[0]["value"] == 0.0 and figures[0]["target"] == 1.0 and figures[0]["rate"] == 0.0


def test_no_data_is_none(department):
    f = interface.assessment_figures(agency_id=department.pk, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert f[0]["value"] is None and f[0]["records"] == 0
