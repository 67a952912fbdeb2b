import pytest

from gongkai.interaction.demo import load_demo_interaction
from gongkai.interaction.models import Letter
from gongkai.orgs.demo import load_demo


@pytest.mark.django_db
def test_demo_loads_once(frozen):
    load_demo()
    counts = load_demo_interaction()
    assert counts["interaction_letters"] == 3 and counts["interaction_routing_rules"] >= 2
    assert Letter.objects.filter(published=True).count() == 1
    routed = Letter.objects.get(title="学校门口交通拥堵")
    assert routed.handling_agency.name == "鄂托克前旗教育局"
    assert load_demo_interaction() == {"interaction_letters": 0}
