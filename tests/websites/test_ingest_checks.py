"""Ingest (idempotent; file, feed, API shapes), the update-gap rule, the daily 60 % share with the
classifier's decisions and corrections, content terms, and the monthly report's arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.errors import PermissionDenied
from gongkai.websites import checks, reports, services
from gongkai.websites.enums import FindingAction, FindingKind, FindingState
from gongkai.websites.models import Finding, Post

from .conftest import GOV, OTHER, post


def _day_posts(day: str, gov: int, other: int, prefix: str = "") -> list[dict]:
    rows = [post(f"{prefix}{day}-g{i}", GOV[i % len(GOV)], f"{day} 09:0{i}") for i in range(gov)]
    rows += [post(f"{prefix}{day}-o{i}", OTHER[i % len(OTHER)], f"{day} 10:0{i}") for i in range(other)]
    return rows


def test_ingest_is_idempotent_and_rejects_bad_rows(account, unit_admin, frozen):
    rows = [*_day_posts("2024-10-08", 2, 1), {"id": "x", "title": "无时间"}, {"title": "无编号"}]
    first = services.posts_ingest(actor=unit_admin, account=account, rows=rows)
    assert (first["created"], first["updated"], first["unchanged"]) == (3, 0, 0)
    assert len(first["rejected"]) == 2
    again = services.posts_ingest(actor=unit_admin, account=account, rows=rows)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    rows[0]["title"] = GOV[3]
    changed = services.posts_ingest(actor=unit_admin, account=account, rows=rows)
    assert (changed["created"], changed["updated"], changed["unchanged"]) == (0, 1, 2)
    assert Post.objects.filter(account=account).count() == 3


def test_file_import_csv_and_jsonl(account, unit_admin, frozen):
    csv_data = "编号,标题,发布时间\n1,关于印发《政府信息公开工作考核办法》的通知,2024-10-09 09:00\n".encode()
    result = services.posts_import_file(actor=unit_admin, account=account, data=csv_data, filename="posts.csv")
    assert result["created"] == 1
    jsonl = b'{"id": "2", "title": "\xe5\x91\xa8\xe6\x9c\xab\xe5\x8e\xbb\xe5\x93\xaa\xe5\x84\xbf\xe7\x8e\xa9", "published_at": "2024-10-09 10:00"}\n'
    result = services.posts_import_file(actor=unit_admin, account=account, data=jsonl, filename="posts.jsonl")
    assert result["created"] == 1
    again = services.posts_import_file(actor=unit_admin, account=account, data=csv_data, filename="posts.csv")
    assert again["unchanged"] == 1 and again["created"] == 0


def test_feed_ingest(account, unit_admin, frozen):
    account.feed_url = "https://example.invalid/feed.xml"
    account.save()
    rss = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>
    <item><guid>a1</guid><title>关于做好政府信息公开工作的通知</title><link>https://example.invalid/a1</link>
    <pubDate>Wed, 09 Oct 2024 09:00:00 +0800</pubDate></item></channel></rss>""".encode()
    fetch = lambda url: {"status": 200, "body": rss, "etag": "", "modified": ""}  # noqa: E731
    assert services.posts_poll_feed(actor=unit_admin, account=account, fetch=fetch)["created"] == 1
    assert services.posts_poll_feed(actor=unit_admin, account=account, fetch=fetch)["unchanged"] == 1


def test_ingest_denied_to_other_unit(account, outsider):
    with pytest.raises(PermissionDenied):
        services.posts_ingest(actor=outsider, account=account, rows=_day_posts("2024-10-08", 1, 0))


def test_update_gap_across_month_end_and_holidays(account, unit_admin, frozen):
    # Last update on 25 September; the National Day holiday does not stop the two weeks.
    services.posts_ingest(actor=unit_admin, account=account, rows=_day_posts("2024-09-25", 1, 0))
    on_time = checks.update_gap(account, dt.date(2024, 10, 9))
    assert on_time.due == dt.date(2024, 10, 9) and not on_time.violated
    late = checks.update_gap(account, dt.date(2024, 10, 10))
    assert late.violated and late.days_without == 15
    assert "19号" in late.citation
    frozen.set(2024, 10, 10)
    found = checks.run_checks(actor=unit_admin, account=account, start=dt.date(2024, 10, 1), end=dt.date(2024, 10, 10))
    assert found["update_gap"] == 1
    finding = Finding.objects.get(account=account, kind=FindingKind.UPDATE_GAP)
    assert finding.veto and finding.deadline is not None
    # Idempotent: running again opens nothing new.
    checks.run_checks(actor=unit_admin, account=account, start=dt.date(2024, 10, 1), end=dt.date(2024, 10, 10))
    assert Finding.objects.filter(account=account, kind=FindingKind.UPDATE_GAP).count() == 1


def test_daily_share_with_classifier_and_correction(account, unit_admin, frozen, share_rule):
    services.posts_ingest(actor=unit_admin, account=account, rows=_day_posts("2024-10-08", 3, 2))  # 60 %: met
    services.posts_ingest(actor=unit_admin, account=account, rows=_day_posts("2024-10-09", 1, 2))  # 33 %: below
    assert checks.share_on(account, dt.date(2024, 10, 8)).share == 60.0
    r = checks.share_on(account, dt.date(2024, 10, 9))
    assert r.below and r.minimum == 60 and r.citation == share_rule.citation
    checks.run_checks(actor=unit_admin, account=account, start=dt.date(2024, 10, 8), end=dt.date(2024, 10, 9))
    finding = Finding.objects.get(account=account, kind=FindingKind.LOW_SHARE)
    assert finding.day == dt.date(2024, 10, 9) and finding.state == FindingState.OPEN
    # A person corrects one decision: 2 of 3 = 66.7 % → the day is met and the finding lapses.
    wrong = Post.objects.filter(account=account, published_on=dt.date(2024, 10, 9), model_gov_info=False).first()
    assert wrong.evidence is not None
    services.post_correct(actor=unit_admin, post=wrong, gov_info=True)
    finding.refresh_from_db()
    assert finding.state == FindingState.DISMISSED
    # Back to the model: below again, the finding reopens.
    services.post_correct(actor=unit_admin, post=wrong, gov_info=None)
    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN


def test_content_terms_found(account, unit_admin, frozen):
    rows = [post("t1", "国务院办工厅关于加强政务公开的通知", "2024-10-09 09:00")]
    services.posts_ingest(actor=unit_admin, account=account, rows=rows)
    finding = Finding.objects.get(account=account, kind=FindingKind.WRONG_NAME)
    assert "国务院办公厅" in finding.message and finding.veto


def test_monthly_report_arithmetic_and_rectification(account, unit_admin, office_staff, frozen, department, share_rule):
    services.posts_ingest(actor=unit_admin, account=account, rows=_day_posts("2024-09-03", 1, 2))  # below
    services.posts_ingest(actor=unit_admin, account=account, rows=_day_posts("2024-09-05", 1, 3))  # below
    services.posts_ingest(actor=unit_admin, account=account, rows=_day_posts("2024-09-10", 3, 0))  # met
    frozen.set(2024, 10, 1)
    checks.run_checks(actor=unit_admin, account=account, start=dt.date(2024, 9, 1), end=dt.date(2024, 9, 30))
    services.inspection_save(
        actor=office_staff,
        agency_id=department.pk,
        month=dt.date(2024, 9, 1),
        manual={"service": 5, "interaction": False},
    )
    report = reports.monthly_report(department.pk, dt.date(2024, 9, 1))
    row = report["rows"][0]
    assert [d["day"] for d in row["low_share_days"]] == ["2024-09-03", "2024-09-05"]
    assert row["update_gap"]  # last update 10 Sep, checked on 30 Sep: 20 days
    # 100 − 2 × 2 (share days) − 5 (entered) = 91, but the update gap is a veto.
    assert row["score"] == 91 and row["vetoes"] and not row["passed"]
    assert row["filed"]  # the account fixture carries its 网信办 filing number
    docx, xlsx = reports.report_docx(report), reports.report_xlsx(report)
    assert docx[:2] == b"PK" and xlsx[:2] == b"PK"
    from gongkai.core.documents import document_text

    text = document_text(docx)
    assert "政府网站与政务新媒体检查情况报告" in text and "政府信息占比不足" in text and "内容不更新" in text
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx)).active
    values = [c.value for c in sheet[2]]
    assert values[0] == "鄂托克前旗教育" and values[2] == "已备案" and values[5] == "2" and values[6] == "是"
    assert values[9] == "91" and values[10].startswith("不合格")
    finding = Finding.objects.filter(account=account, kind=FindingKind.LOW_SHARE).first()
    services.finding_transition(
        actor=unit_admin, finding=finding, action=FindingAction.RECTIFY, note="已调整发布内容结构"
    )
    finding.refresh_from_db()
    assert finding.state == FindingState.RECTIFIED and finding.deadline.status != "running"
    with pytest.raises(PermissionDenied):
        services.inspection_save(actor=unit_admin, agency_id=department.pk, month=dt.date(2024, 9, 1), manual={})


def test_assessment_figures(account, unit_admin, frozen, department, other_department, share_rule):
    from gongkai.websites.interface import assessment_figures

    services.posts_ingest(actor=unit_admin, account=account, rows=_day_posts("2024-09-03", 1, 2))
    services.posts_ingest(actor=unit_admin, account=account, rows=_day_posts("2024-09-10", 3, 0))
    figures = {
        f["key"]: f
        for f in assessment_figures(agency_id=department.pk, start=dt.date(2024, 9, 1), end=dt.date(2024, 9, 30))
    }
    assert figures["websites.share_days_met"]["rate"] == 0.5
    assert all(
        f["value"] is None
        for f in assessment_figures(agency_id=other_department.pk, start=dt.date(2024, 9, 1), end=dt.date(2024, 9, 30))
    )


def test_daily_sweep_reads_feeds_and_checks(account, unit_admin, frozen, share_rule):
    account.feed_url = "https://example.invalid/feed.xml"
    account.save()
    atom = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><id>e1</id><title>周末亲子阅读书单推荐</title><updated>2024-10-19T09:00:00+08:00</updated></entry>
    <entry><id>e2</id><title>这些美食你吃过吗</title><updated>2024-10-19T10:00:00+08:00</updated></entry>
    </feed>""".encode()

    def fetch(url):
        return {"status": 200, "body": atom, "etag": "", "modified": ""}

    def broken(url):
        raise OSError("unreachable")

    assert checks.run_all(fetch=fetch) == 1
    assert Post.objects.filter(account=account).count() == 2
    assert Finding.objects.filter(account=account, kind=FindingKind.LOW_SHARE, day=dt.date(2024, 10, 19)).exists()
    assert checks.run_all(fetch=broken) == 1  # an unreachable feed does not stop the sweep


def test_without_a_local_share_rule_nothing_is_made_up(client, account, unit_admin, office_staff, frozen, department):
    # given 鄂托克前旗 has no share record (and there is no national default) and a day at 33 %
    services.posts_ingest(actor=unit_admin, account=account, rows=_day_posts("2024-09-03", 1, 2))
    frozen.set(2024, 10, 1)
    r = checks.share_on(account, dt.date(2024, 9, 3))
    # then the share is computed but not judged against a made-up minimum
    assert (r.share, r.minimum, r.below, r.rule_unset) == (33.3, None, False, True)
    found = checks.run_checks(actor=unit_admin, account=account, start=dt.date(2024, 9, 1), end=dt.date(2024, 9, 30))
    assert (found["low_share"], found["share_unset"]) == (0, 1)
    assert not Finding.objects.filter(account=account, kind=FindingKind.LOW_SHARE).exists()
    # the report says the rule is not set instead of "0 days below"
    report = reports.monthly_report(department.pk, dt.date(2024, 9, 1))
    row = report["rows"][0]
    assert report["share_rule_unset"] and (row["share_checked_days"], row["days_published"]) == (0, 1)
    unset = "本地未设定“政务新媒体政府信息占比下限”规则"
    assert report["share_rule_message"] == unset
    from gongkai.core.documents import document_text

    assert unset in document_text(reports.report_docx(report))
    from io import BytesIO

    from openpyxl import load_workbook

    assert load_workbook(BytesIO(reports.report_xlsx(report))).active["F2"].value == "本地未设定规则"
    # the assessment figure has no target and no rate
    from gongkai.websites.interface import assessment_figures

    figures = {
        f["key"]: f
        for f in assessment_figures(agency_id=department.pk, start=dt.date(2024, 9, 1), end=dt.date(2024, 9, 30))
    }
    f = figures["websites.share_days_met"]
    assert (f["value"], f["target"], f["rate"], f["records"]) == (None, None, None, 1)
    # the pages say so and point to the rule records
    from django.urls import reverse

    rule_link = reverse("backoffice:rule_list") + "?key=newmedia.min_gov_info_share"
    client.force_login(unit_admin)
    detail = client.get(reverse("backoffice:websites_account_detail", args=[account.pk])).content.decode()
    assert unset in detail and rule_link in detail
    client.force_login(office_staff)
    url = reverse("backoffice:websites_inspection") + f"?agency={department.pk}&month=2024-09"
    page = client.get(url).content.decode()
    assert unset in page and rule_link in page


def test_a_local_share_rule_from_mid_month_checks_only_the_days_it_applies_to(
    account, unit_admin, frozen, department, county
):
    from gongkai.rules.models import RuleRecord
    from gongkai.websites.interface import assessment_figures

    RuleRecord.objects.create(
        key="newmedia.min_gov_info_share",
        jurisdiction=county,
        value=60,
        effective_from=dt.date(2024, 9, 5),
        citation="测试：本地规定自2024年9月5日起不少于60%",
    )
    services.posts_ingest(actor=unit_admin, account=account, rows=_day_posts("2024-09-03", 1, 2))  # not checked
    services.posts_ingest(actor=unit_admin, account=account, rows=_day_posts("2024-09-06", 1, 2))  # below
    services.posts_ingest(actor=unit_admin, account=account, rows=_day_posts("2024-09-10", 3, 0))  # met
    frozen.set(2024, 10, 1)
    f = {
        f["key"]: f
        for f in assessment_figures(agency_id=department.pk, start=dt.date(2024, 9, 1), end=dt.date(2024, 9, 30))
    }["websites.share_days_met"]
    assert (f["value"], f["target"], f["rate"], f["records"]) == (1.0, 2.0, 0.5, 3)
