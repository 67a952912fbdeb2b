"""Back office: creating an item from a Word file, a pasted page or a blank form (staff journey 1–2)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.catalog.enums import ItemStatus, SourceFormat
from gongkai.catalog.models import Category, InformationItem

from .seed_docs import build_docx, build_web_page

pytestmark = pytest.mark.django_db

NEW = reverse("backoffice:catalog_item_create")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE_004 = "鄂托克前旗人民政府办公室关于印发政府信息公开有关制度的通知"


def _upload(data: bytes, name: str = "鄂前政办发〔2018〕96号.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=DOCX)


def _extract_004(client, department):
    return client.post(
        NEW, {"stage": "extract", "agency": department.pk, "mode": "docx", "file": _upload(build_docx("004"))}
    )


def _save_payload(response, **overrides):
    """What the user's browser posts back after completing the pre-filled form."""
    form = response.context["form"]
    data = {
        "stage": "save",
        "source": response.context["source_token"],
        "agency": form.initial["agency"],
        "title": form.initial.get("title", ""),
        "document_number": form.initial.get("document_number", ""),
        "produced_on": form.initial.get("produced_on", ""),
        "keywords": form.initial.get("keywords", ""),
        "body_html": form.initial.get("body_html", ""),
        "category": Category.objects.get(code="02").pk,
        "five_disclosure": "management",
        "time_limit": "long_term",
        "attribute": "active",
        "description": "印发政府信息公开八项制度。",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_word_file_of_seed_004_prefills_the_whole_form(client, author, department):
    # given a sub-user of the education bureau signed in
    client.force_login(author)
    # when they upload the Word version of seed 004
    response = _extract_004(client, department)
    # then the form is pre-filled from the document
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["title"] == TITLE_004
    assert initial["document_number"] == "鄂前政办发〔2018〕96号"
    assert initial["produced_on"] == "2018-11-05"
    assert initial["agency"] == department.pk
    assert initial["body_html"].startswith("<p>上海庙经济开发区管委会,各镇人民政府,旗直各有关部门:</p>")
    assert TITLE_004 not in initial["body_html"]
    keywords = initial["keywords"].split()
    assert keywords and all(len(k) <= 10 for k in keywords)
    html = response.content.decode()
    assert f'value="{TITLE_004}"' in html
    assert 'value="2018-11-05"' in html
    assert 'value="鄂前政办发〔2018〕96号"' in html
    # the issuing agency is shown as information, with a warning that it differs from the chosen one
    assert "鄂托克前旗人民政府办公室" in response.context["meta"]["issuing_agency"]
    assert any("与所选发布机构“鄂托克前旗教育局”不同" in w for w in response.context["meta"]["warnings"])
    assert "落款日期" in html
    # the attachments listed by the notice are shown
    assert "鄂托克前旗人民政府信息公开保密审查制度" in html
    # and nothing is written before the user saves
    assert InformationItem.objects.count() == 0


def test_completed_form_saves_a_draft_with_the_extracted_body(client, author, department, office_section):
    client.force_login(author)
    extracted = _extract_004(client, department)
    # when the user completes the fields and saves
    response = client.post(NEW, _save_payload(extracted, section=office_section.pk))
    # then a draft exists with the document's data
    item = InformationItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:catalog_item_detail", args=[item.pk])
    assert item.status == ItemStatus.DRAFT
    assert item.title == TITLE_004
    assert item.document_number == "鄂前政办发〔2018〕96号"
    assert item.produced_on == dt.date(2018, 11, 5)
    assert item.source_format == SourceFormat.DOCX
    assert item.source_meta["filename"] == "鄂前政办发〔2018〕96号.docx"
    assert item.source_meta["issuing_agency"] == "鄂托克前旗人民政府办公室"
    assert item.created_by == author and item.section == office_section
    assert "保密审查" in item.body_text
    assert item.index_number is None and item.published_at is None
    assert AuditEvent.objects.filter(event="catalog.item.created", target_id=str(item.pk)).count() == 1


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"keywords": "政府信息公开 政府信息公开保密审查制度"}, "keywords", "不超过 10 个字"),
        ({"keywords": "   "}, "keywords", "关键词不能为空"),
        ({"produced_on": "2099-01-01"}, "produced_on", "不能晚于今天"),
        ({"produced_on": "2018/11/05"}, "produced_on", "yyyy-mm-dd"),
        ({"produced_on": "2018-02-30"}, "produced_on", "不是有效日期"),
        ({"category": ""}, "category", "请选择有效的信息分类"),
        ({"time_limit": "limited", "time_limit_end": ""}, "time_limit_end", "限时公开须填写截止日期"),
        ({"title": ""}, "title", "信息名称不能为空"),
    ],
)
def test_bad_fields_show_chinese_errors_and_write_nothing(client, author, department, overrides, field, message):
    client.force_login(author)
    extracted = _extract_004(client, department)
    events = AuditEvent.objects.count()
    # when the user saves with one bad field
    response = client.post(NEW, _save_payload(extracted, **overrides))
    # then the form comes back with the Chinese message on that field, and nothing is stored
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert message in response.content.decode()
    assert "没有保存任何数据" in response.content.decode()
    assert InformationItem.objects.count() == 0
    assert AuditEvent.objects.count() == events
    # and the extraction (title, body) is kept for the user to fix and resubmit
    assert response.context["form"].data["title"] == overrides.get("title", TITLE_004)
    assert response.context["meta"]["filename"] == "鄂前政办发〔2018〕96号.docx"


def test_several_bad_fields_are_reported_together(client, author, department):
    client.force_login(author)
    extracted = _extract_004(client, department)
    response = client.post(NEW, _save_payload(extracted, keywords="", produced_on="2099-12-31", time_limit="limited"))
    errors = response.context["form"].errors
    assert set(errors) >= {"keywords", "produced_on", "time_limit_end"}
    assert InformationItem.objects.count() == 0


def test_not_a_word_file_is_refused_with_a_chinese_message(client, author, department):
    client.force_login(author)
    response = client.post(
        NEW,
        {"stage": "extract", "agency": department.pk, "mode": "docx", "file": _upload(b"plain text", "a.docx")},
    )
    assert response.status_code == 400
    message = " ".join(response.context["form"].errors["file"])
    assert "docx" in message.lower() or "Word" in message or "文件" in message
    assert message.isascii() is False
    assert InformationItem.objects.count() == 0


def test_legacy_doc_is_refused(client, author, department):
    client.force_login(author)
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    response = client.post(
        NEW, {"stage": "extract", "agency": department.pk, "mode": "docx", "file": _upload(data, "old.doc")}
    )
    assert response.status_code == 400
    assert ".docx" in " ".join(response.context["form"].errors["file"])


def test_upload_over_the_configured_size_is_refused(client, author, department, settings):
    settings.CATALOG_DOCX_MAX_BYTES = 1024
    client.force_login(author)
    response = _extract_004(client, department)
    assert response.status_code == 400
    assert "文件过大" in " ".join(response.context["form"].errors["file"])


def test_pasted_web_page_prefills_title_and_body(client, author, department):
    client.force_login(author)
    response = client.post(
        NEW, {"stage": "extract", "agency": department.pk, "mode": "html", "pasted": build_web_page("004")}
    )
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["title"] == TITLE_004
    assert initial["document_number"] == "鄂前政办发〔2018〕96号"
    assert "<script" not in initial["body_html"]
    assert response.context["source_format_label"] == "网页"


def test_blank_form_and_empty_paste(client, author, department):
    client.force_login(author)
    blank = client.post(NEW, {"stage": "extract", "agency": department.pk, "mode": "blank"})
    assert blank.status_code == 200
    assert blank.context["form"].initial == {"agency": department.pk}
    empty = client.post(NEW, {"stage": "extract", "agency": department.pk, "mode": "text", "pasted": " "})
    assert empty.status_code == 400
    assert "请粘贴网页或文本内容" in " ".join(empty.context["form"].errors["pasted"])


def test_agency_is_preselected_when_the_user_authors_for_one_unit(client, author, department):
    client.force_login(author)
    response = client.get(NEW)
    assert response.status_code == 200
    assert response.context["form"].fields["agency"].initial == department.pk
    assert list(response.context["form"].fields["agency"].queryset) == [department]


def test_user_cannot_create_for_another_agency(client, author, department, other_department):
    # given a sub-user of the education bureau
    client.force_login(author)
    # when they post a draft for the health commission
    response = client.post(
        NEW,
        {
            "stage": "save",
            "agency": other_department.pk,
            "title": "卫健委通知",
            "produced_on": "2024-01-02",
            "keywords": "卫生",
            "category": Category.objects.get(code="04").pk,
            "time_limit": "long_term",
            "attribute": "active",
        },
    )
    # then the agency is not among the choices and nothing is written
    assert response.status_code == 400
    assert "agency" in response.context["form"].errors
    assert InformationItem.objects.count() == 0


def test_people_without_an_author_role_are_refused(client, leader):
    client.force_login(leader)
    response = client.get(NEW)
    assert response.status_code == 403
    assert "下级用户" in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(NEW)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("orgs:login"))
