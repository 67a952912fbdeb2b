import pytest

from gongkai.orgs.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_admin_lists_agencies_read_only(client, superuser, department):
    client.force_login(superuser)
    changelist = client.get("/admin/orgs/agency/")
    assert changelist.status_code == 200
    assert "鄂托克前旗教育局" in changelist.content.decode()
    assert client.get("/admin/orgs/agency/add/").status_code == 403


def test_admin_cannot_change_or_delete(client, superuser, department):
    client.force_login(superuser)
    url = f"/admin/orgs/agency/{department.pk}/change/"
    assert client.get(url).status_code == 200  # the view page
    client.post(url, {"name": "改名"})
    assert Agency.objects.get(pk=department.pk).name == "鄂托克前旗教育局"
    assert client.post(f"/admin/orgs/agency/{department.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Agency.objects.filter(pk=department.pk).exists()


def test_admin_user_page_hides_password_hash(client, superuser, unit_admin):
    client.force_login(superuser)
    body = client.get(f"/admin/orgs/user/{unit_admin.pk}/change/").content.decode()
    assert unit_admin.password not in body


def test_admin_shows_sign_in_throttles_read_only(client, superuser):
    from gongkai.orgs import auth_services

    auth_services.sign_in_record_failure(username="admin", address="203.0.113.7")
    client.force_login(superuser)
    changelist = client.get("/admin/orgs/signinthrottle/")
    assert changelist.status_code == 200
    assert "203.0.113.7" in changelist.content.decode()
    assert client.get("/admin/orgs/signinthrottle/add/").status_code == 403
