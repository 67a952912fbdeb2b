"""Slice 2: personal data encrypted at rest, masked in lists, full values only to the handling
staff of the receiving agency (audited); duplicates caught through keyed hashes."""

import pytest
from django.db import connection

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import Conflict, PermissionDenied
from gongkai.foi import crypto, services
from gongkai.foi.crypto import DecryptionFailed
from gongkai.foi.models import Application
from gongkai.orgs.enums import Role

from ..factories import UserFactory, grant
from .conftest import VALID_ID, register
from .helpers import T, approve_review, draft_all


def test_round_trip_and_binding():
    # given
    token = crypto.encrypt_text("13912345678", "phone")
    # then: not the plain text, random per encryption, and bound to the field label
    assert "13912345678" not in token
    assert token != crypto.encrypt_text("13912345678", "phone")
    assert token.startswith("v1.")
    assert crypto.decrypt_text(token, "phone") == "13912345678"
    with pytest.raises(DecryptionFailed):
        crypto.decrypt_text(token, "email")


def test_tampered_ciphertext_is_refused():
    token = crypto.encrypt_text("150102199003070015", "id_number")
    body = bytearray(crypto.base64.urlsafe_b64decode(token[3:]))
    body[20] ^= 1
    with pytest.raises(DecryptionFailed):
        crypto.decrypt_text("v1." + crypto.base64.urlsafe_b64encode(bytes(body)).decode(), "id_number")


def test_other_key_cannot_decrypt(settings):
    token = crypto.encrypt_text("secret", "address")
    settings.GONGKAI_DATA_KEY = "ffeeddccbbaa99887766554433221100"
    with pytest.raises(DecryptionFailed):
        crypto.decrypt_text(token, "address")


def test_key_file_created_once_without_environment_key(settings, tmp_path):
    # given no key in the environment
    settings.GONGKAI_DATA_KEY = ""
    settings.VAR_DIR = tmp_path
    # when
    token = crypto.encrypt_text("x", "phone")
    first = (tmp_path / "data-key").read_text()
    crypto._cache.clear()
    # then: the same file is reused and decrypts; the file is private
    assert crypto.decrypt_text(token, "phone") == "x"
    assert (tmp_path / "data-key").read_text() == first
    assert oct((tmp_path / "data-key").stat().st_mode & 0o777) == "0o600"
    assert crypto.using_key_file()


def test_bad_environment_key_is_refused(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.GONGKAI_DATA_KEY = "short"
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt_text("x", "phone")


def test_masks():
    assert crypto.mask_id_number("150102199003070015") == "1501**********0015"
    assert crypto.mask_phone("13912345678") == "139****5678"
    assert crypto.mask_email("zhangsan@example.cn") == "z*******@example.cn"
    assert crypto.mask_address("内蒙古自治区鄂尔多斯市某街1号") == "内蒙古自治区*********"
    assert crypto.mask_id_number("") == ""


def test_nothing_personal_is_stored_in_clear(department, handler, frozen):
    # given
    app, _ = register(handler, department)
    # when: the raw row as the database holds it
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM foi_application WHERE id = %s", [app.pk])
        raw = " ".join(str(v) for v in cursor.fetchone())
    # then
    for plain in (VALID_ID, "13912345678", "zhangsan@example.cn", "敖勒召其镇某街1号"):
        assert plain not in raw
    assert app.id_number_masked == "1501**********0015"
    assert app.phone_masked == "139****5678"


def test_handler_of_receiving_agency_sees_full_values_and_each_view_is_audited(department, handler, frozen):
    app, _ = register(handler, department)
    before = AuditEvent.objects.filter(event="foi.personal_data_viewed").count()
    # when
    values = services.application_personal_data(actor=handler, application=app)
    # then
    assert values == {
        "id_number": VALID_ID,
        "phone": "13912345678",
        "email": "zhangsan@example.cn",
        "address": "内蒙古自治区鄂尔多斯市鄂托克前旗敖勒召其镇某街1号",
    }
    assert AuditEvent.objects.filter(event="foi.personal_data_viewed").count() == before + 1


@pytest.mark.parametrize("who", ["anonymous", "outsider", "county_head", "sysadmin"])
def test_others_see_only_masks(department, handler, county_head, outsider, sysadmin, frozen, who):
    from django.contrib.auth.models import AnonymousUser

    app, _ = register(handler, department)
    actor = {"anonymous": AnonymousUser(), "outsider": outsider, "county_head": county_head, "sysadmin": sysadmin}[who]
    before = AuditEvent.objects.filter(event="foi.personal_data_viewed").count()
    with pytest.raises(PermissionDenied):
        services.application_personal_data(actor=actor, application=app)
    assert AuditEvent.objects.filter(event="foi.personal_data_viewed").count() == before


def test_assigned_handler_from_above_sees_full_values(department, handler, county_head, frozen):
    app, _ = register(handler, department)
    staff = UserFactory(username="county-staff")
    grant(staff, Role.DISCLOSURE_OFFICE_STAFF, department.parent)
    app = T(app, handler, "accept", handler=staff)
    assert services.application_personal_data(actor=staff, application=app)["phone"] == "13912345678"


def test_same_form_posted_twice_is_refused(department, handler, frozen):
    # given
    register(handler, department)
    count = Application.objects.count()
    # when the same form arrives again, typed with other spaces and full-width characters
    with pytest.raises(Conflict) as exc:
        register(handler, department, applicant_name="张三", id_number=VALID_ID.lower())
    # then
    assert exc.value.code == "duplicate_application"
    assert Application.objects.count() == count


def test_duplicate_ignores_spacing_and_width(department, handler, frozen):
    from gongkai.foi.services import ItemInput

    register(
        handler,
        department,
        items=[ItemInput(description="2025年 义务教育阶段学校布局调整方案", title="学校布局调整方案")],
    )
    with pytest.raises(Conflict):
        register(
            handler,
            department,
            items=[ItemInput(description="２０２５年义务教育阶段学校布局调整方案。", title="学校布局调整方案")],
        )


def test_same_request_after_the_answer_is_a_linked_repeat(department, handler, reviewer, unit_admin, frozen):
    # given an answered application
    first, _ = register(handler, department)
    first = draft_all(T(first, handler, "accept"), handler)
    first = approve_review(T(first, handler, "submit_review"), reviewer, unit_admin)
    first = T(first, handler, "send")
    # when the applicant asks the same again
    second, _ = register(handler, department)
    # then
    assert second.repeat_of == first
    assert "重复申请" in second.events.first().note
