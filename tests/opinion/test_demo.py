"""The opinion demo loaded by ``make run``: fictional posts through the real pipeline, a red event
routed to the township with its clocks running, ready for the township's account to claim."""

import pytest
from django.core.management import call_command

from gongkai.opinion.enums import WarningLevel
from gongkai.opinion.models import Event, Post
from gongkai.opinion.response import services
from gongkai.opinion.response.enums import Obligation
from gongkai.opinion.response_models import EventAssignment, ResponseClock
from gongkai.orgs.models import User

pytestmark = pytest.mark.django_db


def test_demo_opinion_is_loaded_once_and_the_township_can_claim_its_red_event(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the warning is routed after commit
        call_command("load_demo", verbosity=0)
    posts, events = Post.objects.count(), Event.objects.count()
    call_command("load_demo", verbosity=0)
    assert (Post.objects.count(), Event.objects.count()) == (posts, events)
    red = Event.objects.get(level=WarningLevel.RED)
    assert "敖勒召其镇" in red.title and red.volume >= 50
    assert "人工上调" in red.level_reason
    # a person (the county's opinion monitor) graded the flood a 重大突发事件: that, not the colour,
    # runs the 5 h / 24 h clocks
    assert (red.emergency_grade, red.emergency_graded_by.username) == ("serious", "monitor")
    assert red.emergency_grade_reason
    lead = EventAssignment.objects.get(event=red, role="lead")
    assert lead.agency.name == "敖勒召其镇人民政府" and lead.status == "assigned"
    assert set(ResponseClock.objects.filter(event=red).values_list("obligation", flat=True)) == {
        Obligation.FIRST_RELEASE,
        Obligation.PRESS_CONFERENCE,
    }
    # the unrelated post stored without an event; the water cut grouped by place and subject
    assert Post.objects.get(external_id="demo-other-0").event_id is None
    water = Event.objects.filter(title__contains="城川镇").order_by("-volume").first()
    assert water.volume >= 6 and water.level != WarningLevel.RED
    # the township's demo account claims
    township = User.objects.get(username="township")
    services.assignment_claim(actor=township, assignment=lead)
    lead.refresh_from_db()
    assert lead.status == "claimed"
