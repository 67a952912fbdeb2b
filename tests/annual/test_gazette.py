"""The gazette: an issue of published items under headings, its public page with the table of contents
and the Word download; drafts are not public; only the disclosure office may edit."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from docx import Document

from gongkai.annual import gazette
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed

from .conftest import published_item

pytestmark = pytest.mark.django_db


def test_issue_page_and_word(county_gov, department, gov_office, dept_admin, frozen):
    rule = published_item(county_gov, "rule_issued", dt.date(2025, 3, 1), title="鄂托克前旗城市绿化管理办法")
    doc = published_item(department, "normative_issued", dt.date(2025, 4, 1), title="关于印发学生资助办法的通知")
    with pytest.raises(PermissionDenied):
        gazette.issue_create(actor=dept_admin, agency=county_gov, year=2025, number=1, issued_on="2025-05-01")
    issue = gazette.issue_create(actor=gov_office, agency=county_gov, year=2025, number=1, issued_on="2025-05-01")
    with pytest.raises(ValidationFailed):
        gazette.issue_create(actor=gov_office, agency=county_gov, year=2025, number=1, issued_on="2025-05-01")
    gazette.entry_add(actor=gov_office, issue=issue, ref=doc.index_number, heading="规范性文件")
    gazette.entry_add(actor=gov_office, issue=issue, ref=rule.index_number, heading="政府规章")
    with pytest.raises(ValidationFailed):
        gazette.entry_add(actor=gov_office, issue=issue, ref="NOPE/1", heading="其他")
    c = Client()
    assert c.get(f"/gazette/{issue.pk}/").status_code == 404  # a draft is not public
    gazette.issue_publish(actor=gov_office, issue=issue)
    html = c.get(f"/gazette/{issue.pk}/").content.decode()
    assert html.index("政府规章") < html.index("鄂托克前旗城市绿化管理办法") < html.index("规范性文件")
    assert "关于印发学生资助办法的通知" in html
    assert (
        "2025年第1期" in c.get("/gazette/").content.decode().replace("\n", " ")
        or "第1期" in c.get("/gazette/").content.decode()
    )
    r = c.get(f"/gazette/{issue.pk}/download.docx")
    assert r.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "目录" in text and "鄂托克前旗城市绿化管理办法" in text and "2025年第1期" in text
    with pytest.raises(InvalidTransition):
        gazette.entry_add(actor=gov_office, issue=issue, ref=rule.index_number, heading="其他")
