"""The back-office pages, the public directory and the JSON API of websites and new media."""

from __future__ import annotations

import json

from django.urls import reverse

from gongkai.websites import services
from gongkai.websites.models import Finding

from .conftest import post


def test_backoffice_pages_open(client, account, unit_admin, frozen):
    services.posts_ingest(
        actor=unit_admin,
        account=account,
        rows=[post("p1", "关于印发《政府信息公开工作考核办法》的通知", "2024-10-08 09:00")],
    )
    client.force_login(unit_admin)
    for name, args in [
        ("backoffice:websites_account_list", []),
        ("backoffice:websites_account_create", []),
        ("backoffice:websites_account_detail", [account.pk]),
        ("backoffice:websites_account_edit", [account.pk]),
        ("backoffice:websites_account_import", [account.pk]),
        ("backoffice:websites_finding_list", []),
        ("backoffice:websites_inspection", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
    page = client.get(reverse("backoffice:websites_account_detail", args=[account.pk])).content.decode()
    assert "政府信息" in page and "依据" in page
    docx = client.get(reverse("backoffice:websites_inspection") + "?month=2024-10&format=docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_other_unit_cannot_open_account(client, account, outsider):
    client.force_login(outsider)
    assert client.get(reverse("backoffice:websites_account_detail", args=[account.pk])).status_code == 404


def test_anonymous_redirected(client, account):
    response = client.get(reverse("backoffice:websites_account_list"))
    assert response.status_code == 302


def test_register_through_page_and_correct(client, unit_admin, department, frozen):
    client.force_login(unit_admin)
    response = client.post(
        reverse("backoffice:websites_account_create"),
        {
            "agency": department.pk,
            "platform": "douyin",
            "name": "教育抖音",
            "identifier": "jy_douyin",
            "person_responsible": "钱七",
            "existing": "on",
        },
    )
    assert response.status_code == 302
    bad = client.post(
        reverse("backoffice:websites_account_create"),
        {
            "agency": department.pk,
            "platform": "website",
            "name": "网站",
            "identifier": "no-scheme",
            "person_responsible": "钱七",
        },
    )
    assert bad.status_code == 200 and "http://" in bad.content.decode()


def test_public_directory(client, account):
    page = client.get("/accounts/?q=教育").content.decode()
    assert account.name in page and "etkqq_jy" in page


def test_api_ingest_and_findings(client, account, unit_admin, outsider, frozen):
    client.force_login(unit_admin)
    url = f"/api/v1/websites/accounts/{account.pk}/posts"
    body = {"records": [post("a1", "国务院办工厅关于加强政务公开的通知", "2024-10-08 09:00"), {"id": "bad"}]}
    r = client.post(url, json.dumps(body), content_type="application/json")
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["created"] == 1 and len(data["rejected"]) == 1
    r = client.post(url, json.dumps(body), content_type="application/json")
    assert r.json()["unchanged"] == 1
    findings = client.get(f"/api/v1/websites/accounts/{account.pk}/findings").json()
    assert findings and findings[0]["kind"] == "wrong_name"
    shares = client.get(f"/api/v1/websites/accounts/{account.pk}/shares?start=2024-10-01&end=2024-10-20")
    assert shares.status_code == 200
    # no share record for 鄂托克前旗 (no national default): no minimum, and the note says why
    [day] = shares.json()
    assert (day["minimum"], day["below"]) == (None, False)
    assert day["note"] == "本地未设定“政务新媒体政府信息占比下限”规则"
    client.force_login(outsider)
    assert client.post(url, json.dumps(body), content_type="application/json").status_code == 404
    assert Finding.objects.filter(account=account).count() == 1


def test_api_directory_is_public(client, account):
    r = client.get("/api/v1/websites/directory?q=教育")
    assert r.status_code == 200 and r.json()[0]["name"] == account.name


def test_demo_loader_is_idempotent(frozen):
    from gongkai.orgs.demo import load_demo
    from gongkai.rules.models import RuleRecord
    from gongkai.websites.demo import load_demo_websites
    from gongkai.websites.enums import FindingKind
    from gongkai.websites.rules import SHARE_KEY

    load_demo()
    first = load_demo_websites()
    assert first["websites_accounts"] == 3 and first["websites_posts"] > 20
    again = load_demo_websites()
    assert (again["websites_accounts"], again["websites_demo_rules"]) == (0, 0)
    kinds = set(Finding.objects.values_list("kind", flat=True))
    assert {FindingKind.UPDATE_GAP, FindingKind.LOW_SHARE} <= kinds
    # the below-60 % story runs on a LOCAL record of the demo jurisdiction, marked as demo data
    assert first["websites_demo_rules"] == 1
    [demo_rule] = RuleRecord.objects.filter(key=SHARE_KEY, jurisdiction__code="150623")
    assert demo_rule.value == 60 and demo_rule.citation.startswith("演示数据：本地规则示例")
    assert not RuleRecord.objects.filter(key=SHARE_KEY, jurisdiction__isnull=True).exists()
