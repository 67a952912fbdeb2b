"""Attachments of catalogue items: type and size checks, who may attach, and what the public sees."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.audit.models import AuditEvent
from gongkai.catalog import services
from gongkai.catalog.models import Attachment
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.workflow.enums import Decision
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_decide

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _docx_bytes() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "filename,content,message",
    [
        ("报名表.exe", b"MZ\x90\x00", "不支持的附件类型"),
        ("报名表", PDF, "不支持的附件类型“无扩展名”"),
        ("报名表.pdf", b"", "空文件"),
        ("报名表.pdf", b"<html>not a pdf</html>", "与扩展名“.pdf”不符"),
        ("报名表.docx", PDF, "与扩展名“.docx”不符"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(author, department, item_fields, filename, content, message):
    item = services.item_create(actor=author, agency=department, **item_fields)
    with pytest.raises(ValidationFailed) as exc:
        services.attachment_add(actor=author, item=item, filename=filename, content=content)
    assert message in exc.value.message
    assert not Attachment.objects.exists()


def test_over_large_file_is_refused(author, department, item_fields, settings):
    settings.CATALOG_ATTACHMENT_MAX_BYTES = 1024
    item = services.item_create(actor=author, agency=department, **item_fields)
    with pytest.raises(ValidationFailed) as exc:
        services.attachment_add(actor=author, item=item, filename="大表.pdf", content=PDF + b"0" * 2048)
    assert "不能超过" in exc.value.message
    assert not Attachment.objects.exists()


def test_public_attachment_is_downloadable_once_published_and_private_one_never(
    author, section_head, office_staff, leader, unit_admin, outsider, department, item_fields
):
    # given a draft with one public and one internal attachment
    item = services.item_create(actor=author, agency=department, **item_fields)
    public = services.attachment_add(actor=author, item=item, filename="报名表.pdf", content=PDF, name="报名表")
    internal = services.attachment_add(
        actor=author, item=item, filename="内部材料.docx", content=_docx_bytes(), is_public=False
    )
    with pytest.raises(PermissionDenied):
        services.attachment_add(actor=outsider, item=item, filename="x.pdf", content=PDF)
    client = Client()
    url = f"/catalog/items/{item.pk}/"
    assert client.get(url).status_code == 404

    # when it is published through the review
    services.item_submit(actor=author, item=item)
    review = review_active_for(item)
    review_decide(actor=section_head, review=review, decision=Decision.APPROVE)
    review_decide(actor=office_staff, review=review, decision=Decision.APPROVE, data={"conclusion": "public"})
    review_decide(actor=leader, review=review, decision=Decision.APPROVE)

    # then the public page lists only the public attachment
    page = client.get(url).content.decode()
    assert "报名表" in page and "内部材料" not in page
    # and after publication only the unit administrator may change attachments (a correction, audited)
    item.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.attachment_remove(actor=author, attachment=public)
    services.attachment_remove(actor=unit_admin, attachment=internal)
    assert list(item.attachments.values_list("name", flat=True)) == ["报名表"]
    assert AuditEvent.objects.filter(event="catalog.attachment.removed", target_id=str(item.pk)).count() == 1


def test_upload_page_shows_errors_in_chinese(client, author, department, item_fields):
    item = services.item_create(actor=author, agency=department, **item_fields)
    client.force_login(author)
    url = f"/office/catalog/items/{item.pk}/attachments/"
    response = client.post(url, {"file": SimpleUploadedFile("a.exe", b"MZ")})
    assert response.status_code == 422
    assert "不支持的附件类型" in response.content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("报名表.pdf", PDF), "name": "报名表", "is_public": "on"})
    assert response.status_code == 302
    assert item.attachments.get().name == "报名表"
