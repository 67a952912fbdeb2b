"""The demo loader: a consultation in progress and a policy released with its interpretations; idempotent."""

import pytest

from gongkai.orgs.demo import load_demo
from gongkai.policy.demo import MAJOR_TITLE, NORMATIVE_TITLE, load_demo_policy
from gongkai.policy.enums import PolicyState, SubmissionOutcome
from gongkai.policy.models import Policy

pytestmark = pytest.mark.django_db


def test_demo_loader(client):
    load_demo()
    counts = load_demo_policy()
    assert counts == {"experts": 1, "policies": 2, "comments": 2, "interpretations": 2}
    major = Policy.objects.get(title=MAJOR_TITLE)
    assert major.state == PolicyState.CONSULTING
    released = Policy.objects.get(title=NORMATIVE_TITLE)
    assert released.state == PolicyState.RELEASED
    assert [s.outcome for s in released.submissions.order_by("number")] == [
        SubmissionOutcome.RETURNED,
        SubmissionOutcome.ACCEPTED,
    ]
    page = client.get(f"/policies/{released.pk}/").content.decode()
    assert "问答" in page and released.catalog_url in page
    assert load_demo_policy() == {"experts": 0, "policies": 0, "comments": 0, "interpretations": 0}


def test_assessment_figures():
    import datetime as dt

    from gongkai.core import clock
    from gongkai.policy.interface import assessment_figures

    load_demo()
    load_demo_policy()
    edu = Policy.objects.get(title=NORMATIVE_TITLE).agency_id
    today = clock.today()
    figures = {f["key"]: f for f in assessment_figures(agency_id=edu, start=dt.date(today.year, 1, 1), end=today)}
    assert figures["policy.consultations_held"]["value"] == 1.0
    assert figures["policy.released_with_interpretation"]["value"] == 1.0
    assert figures["policy.released_with_interpretation"]["rate"] == 1.0
    assert figures["policy.adoption_reports_published"]["value"] is None  # no consultation has ended
    assert assessment_figures(agency_id=999999, start=today, end=today)[0]["value"] is None


def test_every_demo_account_opens_the_demo_policies(client):
    from django.contrib.auth import get_user_model

    from gongkai.policy import permissions

    load_demo()
    load_demo_policy()
    policies = list(Policy.objects.all())
    for user in get_user_model().objects.filter(is_active=True):
        client.force_login(user)
        for p in policies:
            status = client.get(f"/office/policy/{p.pk}/").status_code
            assert status == (200 if permissions.can_view(user, p) else 404), (user.username, p.title)
        assert client.get("/office/policy/experts/").status_code in (200, 403)
