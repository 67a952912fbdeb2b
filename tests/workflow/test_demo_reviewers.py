"""Issue 9: in the demo, every step of a review of what ``township`` drafts has someone else to decide it."""

import pytest

from gongkai.orgs.demo import load_demo
from gongkai.orgs.models import Agency, User
from gongkai.workflow import registry
from gongkai.workflow.models import Review, ReviewStep
from gongkai.workflow.selectors import review_step_actors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("template_key", ["opinion.release", "catalog.publication"])
def test_every_step_of_a_township_review_has_a_reviewer_other_than_the_author(template_key):
    # given the demo organisations
    load_demo()
    township = User.objects.get(username="township")
    agency = Agency.objects.get(name="敖勒召其镇人民政府")
    template = registry.get_template(template_key)
    review = Review(agency=agency, submitted_by=township)
    # when each step is resolved as review_start resolves it (the target's section left open)
    actors = {}
    for index, spec in enumerate(template.steps):
        step_agency = spec.agency(review) if spec.agency is not None else agency
        step = ReviewStep(review=review, index=index, key=spec.key, roles=list(spec.roles), agency=step_agency)
        actors[spec.key] = [u.username for u in review_step_actors(step)]
    # then nobody's list is empty, and the author is in none
    assert all(actors.values()), actors
    assert not any("township" in names for names in actors.values())
    assert "townshiphead" in actors[template.steps[0].key]
