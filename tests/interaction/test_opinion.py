"""Letters on one subject, negative and rising, raise an opinion event (linked both ways)."""

from gongkai.interaction.models import Letter
from gongkai.interaction.services.opinion import opinion_check
from gongkai.opinion.models import Post

from .conftest import submit


def _letters(county_gov, frozen, town_region, days):
    for n, day in enumerate(days):
        frozen.set(2026, 3, day, 9 + n % 5)
        submit(
            county_gov,
            title=f"路灯不亮第{n}封",
            content=f"敖勒召其镇幸福路路灯坏了很久，夜里出行很危险，请尽快修理。编号{n}",
            phone=f"1380000{n:04d}",
            place=town_region,
        )


def test_rising_letters_on_one_subject_raise_an_event(county_gov, town_region, frozen):
    _letters(county_gov, frozen, town_region, [2, 6, 7, 8, 8])
    frozen.set(2026, 3, 8, 18)
    assert opinion_check() == 5
    letters = list(Letter.objects.all())
    event_ids = {x.opinion_event_id for x in letters}
    assert len(event_ids) == 1 and None not in event_ids
    posts = Post.objects.filter(event_id=event_ids.pop())
    assert {p.external_id for p in posts} == {x.tracking_number for x in letters}
    # personal data does not travel to the opinion module
    assert not any("13800" in (p.text or "") for p in posts)
    assert opinion_check() == 0  # reported once


def test_few_or_falling_letters_raise_nothing(county_gov, town_region, frozen):
    _letters(county_gov, frozen, town_region, [2, 2, 3, 3, 8])  # falling: most in the first half
    frozen.set(2026, 3, 8, 18)
    assert opinion_check() == 0
    assert not Letter.objects.exclude(opinion_event_id=None).exists()
