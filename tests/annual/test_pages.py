"""The back-office pages: a department enters a figure, generates its report, edits section 五; others
are refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.annual.models import Figure, Report

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_department_journey(department, dept_admin, gov_office, frozen):
    c = _client(dept_admin)
    page = reverse("backoffice:annual_report", args=[department.pk, 2025])
    assert c.get(reverse("backoffice:annual_overview") + "?year=2025").status_code == 200
    r = c.post(
        reverse("backoffice:annual_figure_save", args=[department.pk, 2025]),
        {"key": "permit.decisions", "value": "15", "source": "审批系统"},
        follow=True,
    )
    assert "已保存" in r.content.decode()
    r = c.post(
        reverse("backoffice:annual_figure_save", args=[department.pk, 2025]),
        {"key": "permit.decisions", "value": "-2", "source": "审批系统"},
        follow=True,
    )
    assert "不能为负数" in r.content.decode()
    assert Figure.objects.get().value == 15
    c.post(reverse("backoffice:annual_generate", args=[department.pk, 2025]))
    html = c.get(page).content.decode()
    assert "<td>15</td>" in html and "勾稽关系校验" in html
    c.post(
        reverse("backoffice:annual_text_save", args=[department.pk, 2025]),
        {"section_one": "总体", "section_five": "问题与整改", "section_six": "无"},
    )
    assert Report.objects.get().section_five == "问题与整改"
    r = c.get(reverse("backoffice:annual_docx", args=[department.pk, 2025]))
    assert r.status_code == 200 and r.content.startswith(b"PK")
    c.post(reverse("backoffice:annual_submit", args=[department.pk, 2025]))
    assert Report.objects.get().status == "in_review"


def test_other_units_are_refused(department, outsider, frozen):
    c = _client(outsider)
    assert c.get(reverse("backoffice:annual_report", args=[department.pk, 2025])).status_code == 404
    r = c.post(
        reverse("backoffice:annual_figure_save", args=[department.pk, 2025]),
        {"key": "permit.decisions", "value": "1", "source": "x"},
    )
    assert r.status_code == 404
    assert not Figure.objects.exists()
    anon = Client()
    assert anon.get(reverse("backoffice:annual_overview")).status_code in (302, 403)
