"""Index numbers stay unique and gap-free when many items are approved at the same moment."""

import threading

import pytest
from django.db import connection, connections

from gongkai.catalog import services
from gongkai.catalog.models import InformationItem
from gongkai.workflow.enums import Decision
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_decide

N = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_final_approvals_get_consecutive_index_numbers(
    author, section_head, office_staff, leader, department, item_fields
):
    # given N items waiting for the leader's approval
    items = []
    for i in range(N):
        item = services.item_create(actor=author, agency=department, **{**item_fields, "title": f"并发发布测试{i}"})
        services.item_submit(actor=author, item=item)
        review = review_active_for(item)
        review_decide(actor=section_head, review=review, decision=Decision.APPROVE)
        review_decide(actor=office_staff, review=review, decision=Decision.APPROVE, data={"conclusion": "public"})
        items.append(item)

    # when N threads, each with its own database connection, approve them at the same moment
    barrier = threading.Barrier(N)
    errors: list[BaseException] = []

    def approve(item):
        try:
            review = review_active_for(item)
            barrier.wait(timeout=30)
            review_decide(actor=leader, review=review, decision=Decision.APPROVE)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(item,)) for item in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    # then every item is published with one of the numbers 1..N, none twice, none missing
    assert errors == [], errors
    numbers = sorted(InformationItem.objects.values_list("index_seq", flat=True))
    assert numbers == list(range(1, N + 1)), connection.vendor
    values = set(InformationItem.objects.values_list("index_number", flat=True))
    assert values == {f"{department.org_code}/2026-{n:05d}" for n in range(1, N + 1)}
