import pytest
from django.core.management import call_command

from gongkai.catalog import selectors
from gongkai.catalog.enums import ItemStatus
from gongkai.catalog.models import InformationItem
from gongkai.search.selectors import search
from gongkai.workflow.selectors import review_for

pytestmark = pytest.mark.django_db


def test_demo_publishes_the_five_seeds_through_the_review_once():
    # when the demo is loaded twice
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    # then the five seed documents are published once each, each after a completed review (other
    # apps' demos publish their own items too: the policy documents, last year's annual report)
    items = [i for i in InformationItem.objects.all() if (i.source_meta or {}).get("seed")]
    assert len(items) == 5
    assert len({i.source_meta["seed"] for i in items}) == 5
    for item in items:
        assert item.status == ItemStatus.PUBLISHED
        assert review_for(item).status == "approved"
    by_number = {i.document_number: i for i in items}
    seed004 = by_number["鄂前政办发〔2018〕96号"]
    assert seed004.agency.name == "鄂托克前旗人民政府办公室"
    assert seed004.produced_on.isoformat() == "2018-11-05"
    assert seed004.index_number.endswith("/2018-00001")
    assert seed004.source_meta["source_index_number"] == "000014349/2018-01705"
    assert by_number["祥政办通〔2019〕54号"].agency.name == "祥云县人民政府办公室"
    assert by_number["铜政办发〔2016〕71号"].produced_on.isoformat() == "2016-12-28"
    # and a word from the body of seed 004 finds it in search
    hits = search("保密审查").hits
    assert str(seed004.pk) in [h.object_id for h in hits]
    assert selectors.guide_for(seed004.agency_id).office_name.startswith("鄂托克前旗人民政府办公室")
