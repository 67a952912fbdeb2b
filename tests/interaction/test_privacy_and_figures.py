"""The public view of a letter leaks no personal data (text, search index); triage helpers
(duplicates, routing rules); the assessment figures."""

import datetime as dt

import pytest

from gongkai.core.errors import InvalidTransition, PermissionDenied
from gongkai.interaction import interface, services
from gongkai.interaction.enums import Action, Kind, Rating
from gongkai.interaction.models import Letter
from gongkai.interaction.privacy import public_text
from gongkai.search.models import SearchDocument

from .conftest import reply, submit

LEAKY = "我是王小明，身份证150102199003070015，电话13912345678，邮箱wang@example.cn，住敖勒召其镇幸福村3号。路灯坏了三个月。"
SECRETS = ["王小明", "150102199003070015", "13912345678", "wang@example.cn", "幸福村3号"]


def test_public_text_removes_personal_data(county_gov, frozen):
    letter, _ = submit(county_gov, content=LEAKY, title="王小明反映路灯问题 13912345678")
    text = public_text(letter)
    blob = " ".join(text.values())
    for secret in SECRETS:
        assert secret not in blob
    assert "路灯坏了三个月" in blob


def test_published_letter_in_the_search_index_has_no_personal_data(
    county_gov, township, clerk, liaison, town_head, frozen
):
    letter, _ = submit(county_gov, content=LEAKY)
    services.letter_transition(actor=clerk, letter=letter, action=Action.ROUTE, agency=township)
    services.letter_transition(actor=liaison, letter=letter, action=Action.CLAIM)
    reply(letter, liaison=liaison, head=town_head, text="王小明同志：路灯已修复。如有问题请拨打13912345678回访。")
    services.letter_publish(actor=clerk, letter=Letter.objects.get(pk=letter.pk))
    doc = SearchDocument.objects.get(kind="interaction.letter", object_id=str(letter.pk))
    assert doc.url == f"/mailbox/letters/{letter.public_id}/"
    blob = f"{doc.title} {doc.body}"
    for secret in SECRETS:
        assert secret not in blob
    assert "路灯已修复" in blob


def test_publishing_needs_consent_and_a_reply(county_gov, clerk, liaison, frozen):
    letter, _ = submit(county_gov, publish_consent=False)
    with pytest.raises(InvalidTransition):
        services.letter_publish(actor=clerk, letter=letter)
    with pytest.raises(PermissionDenied):
        services.letter_publish(actor=liaison, letter=letter)


def test_duplicates_same_writer_or_near_same_text(county_gov, frozen):
    a, _ = submit(county_gov)
    b, _ = submit(
        county_gov,
        phone="13700000001",
        content="敖勒召其镇某村村道的路灯已经坏了三个月，晚上出行很不安全，请尽快维修！",
    )
    c, _ = submit(county_gov, title="咨询社保", content="请问灵活就业人员如何缴纳养老保险？", phone="13700000002")
    d, _ = submit(county_gov, title="另一件事", content="小区门口垃圾无人清运，已经一周了。", phone="13912345678")
    found = {x.pk for x in services.duplicate_candidates(a)}
    assert b.pk in found  # near-duplicate text
    assert d.pk in found  # same writer
    assert c.pk not in found


def test_merge_a_duplicate(county_gov, clerk, frozen):
    a, _ = submit(county_gov)
    b, _ = submit(county_gov, phone="13700000001")
    services.letter_transition(actor=clerk, letter=b, action=Action.MERGE, into=a)
    b = Letter.objects.get(pk=b.pk)
    assert (b.status, b.merged_into_id) == ("merged", a.pk)


def test_routing_rules_place_and_subject(
    county_gov, township, other_township, department, clerk, town_region, other_town_region, liaison, frozen
):
    services.routing_rule_save(actor=clerk, office=county_gov, target=township, place=town_region)
    services.routing_rule_save(actor=clerk, office=county_gov, target=other_township, place=other_town_region)
    services.routing_rule_save(
        actor=clerk, office=county_gov, target=department, keywords="学校 教育 学生", priority=10
    )
    with pytest.raises(PermissionDenied):
        services.routing_rule_save(actor=liaison, office=county_gov, target=department, keywords="x")
    # Place named in the text (a region of the organisation register).
    a, _ = submit(county_gov)
    assert services.route_suggestion(a) == township
    b, _ = submit(county_gov, content="城川镇集市的路面坑洼不平，请修一修。", phone="13700000003")
    assert services.route_suggestion(b) == other_township
    # Subject keywords with a higher priority win over the place.
    c, _ = submit(county_gov, content="敖勒召其镇中心学校的学生上学路上没有路灯。", phone="13700000004")
    assert services.route_suggestion(c) == department
    # Route without naming a unit uses the suggestion.
    services.letter_transition(actor=clerk, letter=b, action=Action.ROUTE)
    assert Letter.objects.get(pk=b.pk).handling_agency == other_township


def test_return_visit(county_gov, township, clerk, liaison, town_head, frozen):
    letter, _ = submit(county_gov)
    with pytest.raises(InvalidTransition):
        services.return_visit_record(
            actor=clerk, letter=letter, method="phone", visited_on=dt.date(2026, 3, 2), result="satisfied"
        )
    services.letter_transition(actor=clerk, letter=letter, action=Action.ROUTE, agency=township)
    services.letter_transition(actor=liaison, letter=letter, action=Action.CLAIM)
    reply(letter, liaison=liaison, head=town_head)
    visit = services.return_visit_record(
        actor=clerk,
        letter=Letter.objects.get(pk=letter.pk),
        method="phone",
        visited_on=dt.date(2026, 3, 2),
        result="satisfied",
        note="已修复",
    )
    assert visit.get_result_display() == "满意"


def test_anonymous_only_for_suggestions(county_gov, frozen):
    from gongkai.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        submit(county_gov, anonymous=True, name="", phone="")
    letter, _ = submit(county_gov, kind=Kind.SUGGESTION, anonymous=True, name="", phone="", email="", address="")
    assert letter.anonymous and not letter.name_enc


def test_submission_rate_limit(county_gov, frozen, settings):
    from gongkai.interaction.services import SubmissionThrottled

    settings.INTERACTION_SUBMIT_MAX_PER_WRITER = 2
    submit(county_gov)
    submit(county_gov, title="第二封")
    with pytest.raises(SubmissionThrottled):
        submit(county_gov, title="第三封")
    assert Letter.objects.count() == 2


def test_query_code(county_gov, frozen):
    from gongkai.interaction.services import QueryFailed

    letter, code = submit(county_gov)
    assert services.letter_public_lookup(public_id=letter.public_id, query_code=code, ip="1.1.1.1") == letter
    with pytest.raises(QueryFailed):
        services.letter_public_lookup(public_id=letter.public_id, query_code="WRONG", ip="1.1.1.1")


def test_hotline_case_is_idempotent(county_gov, clerk, liaison, frozen):
    from .conftest import make_input

    a, created = services.hotline_case_upsert(
        actor=clerk,
        office=county_gov,
        channel="hotline_12345",
        external_source="12345",
        external_id="GD-1",
        data=make_input(),
    )
    b, again = services.hotline_case_upsert(
        actor=clerk,
        office=county_gov,
        channel="hotline_12345",
        external_source="12345",
        external_id="GD-1",
        data=make_input(),
    )
    assert created and not again and a.pk == b.pk
    with pytest.raises(PermissionDenied):
        services.hotline_case_upsert(
            actor=liaison,
            office=county_gov,
            channel="hotline_12345",
            external_source="12345",
            external_id="GD-2",
            data=make_input(),
        )


def test_assessment_figures(county_gov, township, clerk, liaison, town_head, frozen):
    letter, _ = submit(county_gov)
    services.letter_transition(actor=clerk, letter=letter, action=Action.ROUTE, agency=township)
    services.letter_transition(actor=liaison, letter=letter, action=Action.CLAIM)
    reply(letter, liaison=liaison, head=town_head)
    services.letter_rate(letter=Letter.objects.get(pk=letter.pk), rating=Rating.SATISFIED)
    figures = {
        f["key"]: f
        for f in interface.assessment_figures(
            agency_id=township.pk, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
        )
    }
    assert figures["interaction.letters_handled"]["value"] == 1.0
    assert figures["interaction.replied_on_time"]["rate"] == 1.0
    assert figures["interaction.satisfaction"]["rate"] == 1.0
    empty = interface.assessment_figures(agency_id=county_gov.pk, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert all(f["value"] is None and f["url"] is None for f in empty)


def test_every_action_has_its_own_audit_event_with_a_chinese_label():
    from gongkai.audit.labels import event_label
    from gongkai.interaction.enums import Action
    from gongkai.interaction.events import InteractionEvent

    for action in Action:
        member = InteractionEvent.letter_action(action)
        assert event_label(member) == f"来信：{action.label}"
