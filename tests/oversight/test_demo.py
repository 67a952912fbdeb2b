"""The demo loader: something real to see, and idempotent."""

from gongkai.oversight.demo import load_demo_oversight
from gongkai.oversight.models import AssessmentRound, Course, SurveyResponse


def test_demo_loads_once(db, frozen):
    from gongkai.orgs.demo import load_demo

    load_demo()
    first = load_demo_oversight()
    assert first["courses"] == 2 and first["answers"] == 4 and first["rounds"] == 1
    again = load_demo_oversight()
    assert set(again.values()) == {0}
    assert Course.objects.count() == 2 and SurveyResponse.objects.count() == 4
    assert AssessmentRound.objects.count() == 1
