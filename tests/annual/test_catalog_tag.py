"""The 条例 art. 20–21 kind on catalogue items: suggested on the form from title and 文号, confirmed by
the person, checked by the service."""

from __future__ import annotations

import pytest

from gongkai.catalog import services
from gongkai.catalog.forms import ItemForm
from gongkai.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def test_form_suggests_and_the_service_stores_the_confirmed_kind(department, author, item_fields):
    form = ItemForm(
        initial={"title": "关于印发鄂托克前旗学生资助管理办法的通知", "document_number": "鄂前教发〔2025〕3号"},
        agency=department,
    )
    assert "系统建议：行政规范性文件（制发）" in str(form.fields["statutory_kind"].help_text)
    assert "statutory_kind" in ItemForm.SERVICE_FIELDS
    item = services.item_create(actor=author, agency=department, **item_fields, statutory_kind="normative_issued")
    assert item.statutory_kind == "normative_issued"
    with pytest.raises(ValidationFailed) as exc:
        services.item_create(actor=author, agency=department, **item_fields, statutory_kind="bogus")
    assert "条例第二十条事项无效" in str(exc.value.detail) or "条例第二十条事项无效" in exc.value.message
