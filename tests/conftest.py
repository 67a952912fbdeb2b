"""Fixtures shared by every test directory: the jurisdiction and its units, the people who act in
them, the catalogue's R2.2 fields, and the settings every test runs with (fast password hashing,
plain static files, an audit checkpoint file of its own, fresh opinion-pipeline indexes).

A directory's conftest.py defines only what is its own; a fixture of the same name there is a
different person on purpose and says why (``office_staff`` is defined here only)."""

import datetime as dt

import pytest

from gongkai.orgs.enums import AgencyKind, RegionLevel, Role

from .factories import AgencyFactory, RegionFactory, SectionFactory, UserFactory, grant


@pytest.fixture
def county(db):
    """A small jurisdiction: province → city → county → township, with agencies."""
    province = RegionFactory(code="150000", name="内蒙古自治区", level=RegionLevel.PROVINCE)
    city = RegionFactory(code="150600", name="鄂尔多斯市", level=RegionLevel.CITY, parent=province)
    county = RegionFactory(code="150623", name="鄂托克前旗", level=RegionLevel.COUNTY, parent=city)
    return county


@pytest.fixture
def county_gov(county):
    return AgencyFactory(name="鄂托克前旗人民政府", kind=AgencyKind.GOVERNMENT, region=county, code="000014349")


@pytest.fixture
def department(county, county_gov):
    return AgencyFactory(name="鄂托克前旗教育局", region=county, parent=county_gov)


@pytest.fixture
def other_department(county, county_gov):
    return AgencyFactory(name="鄂托克前旗卫生健康委员会", region=county, parent=county_gov)


@pytest.fixture
def sysadmin(db):
    user = UserFactory(username="sysadmin")
    grant(user, Role.SYSTEM_ADMIN)
    return user


@pytest.fixture
def unit_admin(department):
    user = UserFactory(username="unitadmin")
    grant(user, Role.UNIT_ADMIN, department)
    return user


@pytest.fixture
def outsider(other_department):
    user = UserFactory(username="outsider")
    grant(user, Role.UNIT_ADMIN, other_department)
    return user


@pytest.fixture
def section(department):
    return SectionFactory(agency=department, name="办公室")


# The people of the catalogue's publication review (catalog, portal and browser tests): a sub-user
# and the section head of the education bureau's office, the county's disclosure office staff and
# the leader in charge.


@pytest.fixture
def office_section(department):
    return SectionFactory(agency=department, name="办公室")


@pytest.fixture
def author(department, office_section, section_head):
    # The section head exists whenever the author submits: a review whose first step nobody but
    # its submitter could decide is refused (workflow, issue 9).
    user = UserFactory(username="author")
    grant(user, Role.SUB_USER, department, office_section)
    return user


@pytest.fixture
def section_head(department, office_section):
    user = UserFactory(username="sectionhead")
    grant(user, Role.SECTION_HEAD, department, office_section)
    return user


@pytest.fixture
def office_staff(county_gov):
    """The county government's disclosure office (政务公开办), the one ``office_staff`` of all tests."""
    user = UserFactory(username="gkbstaff", full_name="公开办", email="office@example.org")
    grant(user, Role.DISCLOSURE_OFFICE_STAFF, county_gov)
    return user


@pytest.fixture
def leader(county_gov):
    user = UserFactory(username="leader")
    grant(user, Role.LEADER, county_gov)
    return user


@pytest.fixture
def policy_category(db):
    from gongkai.catalog.models import Category

    return Category.objects.get(code="02")


@pytest.fixture
def item_fields(policy_category, office_section):
    """The R2.2 fields of a catalogue item (a notice of the education bureau)."""
    return {
        "title": "鄂托克前旗教育局关于做好2026年秋季学期中小学招生工作的通知",
        "document_number": "鄂前教发[2026]12号",
        "produced_on": dt.date(2026, 8, 3),
        "keywords": "招生 秋季学期 教育",
        "category": policy_category,
        "five_disclosure": "service",
        "section": office_section,
        "description": "秋季学期招生工作安排。",
        "body_html": "<p>各学校：</p><p>现将招生工作安排通知如下。联系人张三，身份证号150623199001011234。</p>"
        "<p>招生报名时间为8月10日至8月20日。</p>",
    }


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests do not run collectstatic: use the non-manifest storage (the finders serve the files)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Restore the shipped rule and calendar defaults (a data migration) if a transactional
    test of an earlier run flushed them from a reused test database."""
    with django_db_blocker.unblock():
        _restore_shipped_defaults()


@pytest.fixture(autouse=True)
def _audit_checkpoint_file(settings, tmp_path_factory):
    """Each test anchors the audit chain in a file of its own (its database is its own too):
    a checkpoint left by another test would contradict this test's chain."""
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path_factory.mktemp("audit") / "checkpoints.jsonl")


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Password hashing is not under test here; the default PBKDF2 makes set-up slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _shipped_defaults_in_transactional_tests(request):
    """Transactional tests (browser, real worker) empty the tables when they end; put the shipped
    rules and calendar back before each one so it sees what a real installation has."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    if not (transactional or "live_server" in request.fixturenames):
        yield
        return
    request.getfixturevalue("transactional_db")
    _restore_shipped_defaults()
    yield
    # A flush empties the document table but not the search engine's own index table (FTS5);
    # empty the index through the search service so no row outlives the test.
    from gongkai.search.models import SearchDocument
    from gongkai.search.services import rebuild

    for kind in set(SearchDocument.objects.values_list("kind", flat=True)):
        rebuild(kind, [])


def _restore_shipped_defaults() -> None:
    """Data migrations ship defaults; a flushed test database gets them back here."""
    from django.apps import apps

    from gongkai.catalog.defaults import seed as seed_catalog
    from gongkai.rules.seed import ensure_seeded
    from tests.rule_defaults import ensure_rule_defaults

    ensure_seeded()
    seed_catalog(apps)
    ensure_rule_defaults("foi")
    ensure_rule_defaults("interaction")
    ensure_rule_defaults("opinion")
    ensure_rule_defaults("press")
    ensure_rule_defaults("oversight")
    ensure_rule_defaults("policy")
    ensure_rule_defaults("websites")


@pytest.fixture(autouse=True)
def _fresh_opinion_pipeline():
    """The opinion pipeline keeps per-process indexes over what the database holds (threads, topics,
    the register, the plans); tests roll the database back, so each starts with a process that has
    seen nothing — ``load_demo`` runs the pipeline too, in any app's tests."""
    from gongkai.opinion.pipeline import matcher
    from gongkai.opinion.pipeline import state as pipeline_state
    from tests.opinion.pipeline_helpers import reset_gazetteer

    pipeline_state.reset()
    reset_gazetteer()
    matcher.invalidate()
    yield
    pipeline_state.reset()
    reset_gazetteer()
    matcher.invalidate()
