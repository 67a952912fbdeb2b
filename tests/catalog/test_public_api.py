"""The public JSON API of the catalogue (/api/v1/catalog/...): no sign-in, public fields only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.catalog import services

from ..portal import conftest as portal

pytestmark = pytest.mark.django_db

client = portal.client
publish = portal.publish
published = portal.published
redacted = portal.redacted
seed_fields = portal.seed_fields
category = portal.category


def test_list_is_public_and_paginated(client, publish):
    items = [publish(title=f"接口列表测试{i}") for i in range(3)]
    response = client.get("/api/v1/catalog/items", {"page_size": 2})
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"], body["pages"]) == (3, 1, 2, 2)
    assert [r["title"] for r in body["results"]] == ["接口列表测试2", "接口列表测试1"]
    page2 = client.get("/api/v1/catalog/items", {"page_size": 2, "page": 2}).json()
    assert [r["id"] for r in page2["results"]] == [items[0].pk]


def test_list_record_has_the_public_fields(client, published):
    record = client.get("/api/v1/catalog/items").json()["results"][0]
    assert record["id"] == published.pk
    assert record["index_number"] == published.index_number
    assert record["title"] == published.public_title
    assert record["document_number"] == "鄂前政办发〔2018〕96号"
    assert record["produced_on"] == "2018-11-05"
    assert record["form"] == "active" and record["form_label"] == "主动公开"
    assert record["time_limit"] == "long_term" and record["time_limit_label"] == "长期公开"
    assert record["review_procedure"].startswith("科室拟定公开属性（")
    assert record["section"] == "办公室"
    assert record["category"] == {"code": "02", "name": "政策文件"}
    assert record["keywords"] == ["公开目录", "电子文档"]
    assert record["agency"] == {"id": published.agency_id, "name": published.agency.name}
    assert record["five_disclosure"] == "service" and record["five_disclosure_label"] == "服务公开"
    assert record["redactions"] == []
    assert record["url"] == f"/catalog/items/{published.pk}/"
    assert "body_html" not in record  # the list carries no body


def test_list_filters(client, publish, category, department, other_department):
    a = publish(title="接口筛选甲", produced_on=dt.date(2018, 3, 1), five_disclosure="decision")
    b = publish(title="接口筛选乙", category=category("04"), produced_on=dt.date(2026, 3, 1))

    def ids(**params):
        return [r["id"] for r in client.get("/api/v1/catalog/items", params).json()["results"]]

    assert ids(category="04") == [b.pk]
    assert ids(year=2018) == [a.pk]
    assert ids(five="decision") == [a.pk]
    assert ids(agency=department.pk) == [b.pk, a.pk]
    assert ids(agency=department.pk, sort="produced_on") == [a.pk, b.pk]
    assert ids(q="记事本", category="04") == [b.pk]


def test_modified_since_harvests_new_and_corrected_items(client, publish, unit_admin):
    # given an item published "yesterday" and one published now
    old = publish(title="接口采集旧信息")
    type(old).objects.filter(pk=old.pk).update(
        published_at=timezone.now() - dt.timedelta(days=1), updated_at=timezone.now() - dt.timedelta(days=1)
    )
    new = publish(title="接口采集新信息")
    since = (timezone.now() - dt.timedelta(hours=1)).isoformat()

    # when a harvester asks for what changed in the last hour
    body = client.get("/api/v1/catalog/items", {"modified_since": since}).json()
    # then only the new one comes
    assert [r["id"] for r in body["results"]] == [new.pk]

    # when the old one is corrected, it comes too
    services.item_correct(actor=unit_admin, item=old, reason="更正文号", document_number="鄂前政办发〔2018〕97号")
    body = client.get("/api/v1/catalog/items", {"modified_since": since}).json()
    assert {r["id"] for r in body["results"]} == {new.pk, old.pk}
    # a naive datetime is read in the site's time zone
    assert client.get("/api/v1/catalog/items", {"modified_since": "2000-01-01T00:00:00"}).json()["count"] == 2


def test_item_detail_has_body_and_attachments(client, published):
    response = client.get(f"/api/v1/catalog/items/{published.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == published.public_title
    assert body["body_html"] == published.public_body_html
    assert "记事本" in body["body_text"]
    assert body["attachments"] == []


@pytest.mark.parametrize("item_id", ["999999", "0", "99999999999999999999"])
def test_unknown_item_is_a_typed_404(client, item_id):
    response = client.get(f"/api/v1/catalog/items/{item_id}")
    assert response.status_code in (404, 422)
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    if response.status_code == 404:
        assert body["code"] == "not_found"
        assert body["message"] == "未找到该信息，可能尚未公开或已撤回。"


def test_search_endpoint(client, published, redacted):
    response = client.get("/api/v1/catalog/search", {"q": "记事本"})
    assert response.status_code == 200
    body = response.json()
    assert len(body["hits"]) == 1 and body["total_exact"] is True
    hit = body["hits"][0]
    assert hit["item"]["id"] == published.pk
    assert "<mark>记事本</mark>" in hit["snippet_html"]
    assert body["facets"]["category"] == {"02": 1}
    assert body["facets"]["year"] == {"2018": 1}


def test_categories_with_counts(client, published):
    body = client.get("/api/v1/catalog/categories").json()
    assert [c["code"] for c in body] == ["01", "02", "03", "04", "05", "06", "07", "08", "09"]
    assert {c["code"]: c["count"] for c in body}["02"] == 1
    assert body[0]["name"] == "机构概况"


def test_guide_endpoint(client, unit_admin, department, other_department):
    services.guide_save(actor=unit_admin, agency=department, office_name="教育局办公室", phone="0477-7621234")
    body = client.get(f"/api/v1/catalog/agencies/{department.pk}/guide").json()
    assert body["filled"] is True and body["office_name"] == "教育局办公室" and body["phone"] == "0477-7621234"
    assert client.get(f"/api/v1/catalog/agencies/{other_department.pk}/guide").json()["filled"] is False
    assert client.get("/api/v1/catalog/agencies/999999/guide").json()["code"] == "not_found"


@pytest.mark.parametrize(
    "url, params",
    [
        ("/api/v1/catalog/items", {"modified_since": "garbage"}),
        ("/api/v1/catalog/items", {"year": "xyz"}),
        ("/api/v1/catalog/items", {"page": "abc"}),
        ("/api/v1/catalog/items", {"page": "0"}),
        ("/api/v1/catalog/items", {"page_size": "1000"}),
        ("/api/v1/catalog/items", {"five": "nope"}),
        ("/api/v1/catalog/items", {"sort": "id; drop"}),
        ("/api/v1/catalog/items", {"category": "zz"}),
        ("/api/v1/catalog/items", {"category": "\x00"}),
        ("/api/v1/catalog/items", {"agency": "999999"}),
        ("/api/v1/catalog/items", {"agency": "99999999999999999999999"}),
        # over the query limit but under MAX_URI_LENGTH (longer request targets get a 414 at the edge)
        ("/api/v1/catalog/items", {"q": "招" * 300}),
        ("/api/v1/catalog/items", {"q": "招生", "modified_since": "2020-01-01T00:00:00"}),
        ("/api/v1/catalog/search", {}),
        ("/api/v1/catalog/search", {"q": "招" * 300}),
        ("/api/v1/catalog/search", {"q": "   "}),
        ("/api/v1/catalog/search", {"q": "招生", "sort": "best"}),
        ("/api/v1/catalog/search", {"q": "招生", "page": "abc"}),
    ],
)
def test_bad_parameters_are_typed_422(client, published, url, params):
    response = client.get(url, params)
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    assert body["code"] == "validation_failed"


def test_endpoints_are_in_the_openapi_schema_with_chinese_summaries(client):
    doc = client.get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    expected = {
        "/api/v1/catalog/items": "公开目录列表",
        "/api/v1/catalog/items/{item_id}": "公开信息详情",
        "/api/v1/catalog/search": "全文检索公开信息",
        "/api/v1/catalog/categories": "信息分类及已公开信息条数",
        "/api/v1/catalog/agencies/{agency_id}/guide": "机构的政府信息公开指南",
    }
    for path, summary in expected.items():
        operation = paths[path]["get"]
        assert operation["summary"].startswith(summary)
        assert operation["tags"] == ["政府信息公开目录"]
        assert "security" not in operation or operation["security"] in ([], [{}])
    params = {p["name"] for p in paths["/api/v1/catalog/items"]["get"]["parameters"]}
    assert {"category", "agency", "year", "five", "q", "modified_since", "page", "page_size"} <= params
