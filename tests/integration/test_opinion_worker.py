"""A real Celery worker on a real broker processes an opinion ingest batch (the queued API mode)."""

import pytest

from gongkai.opinion.models import Event, IngestRun, Post

from ..opinion.monitoring_fixtures import *  # noqa: F403
from ..opinion.monitoring_fixtures import rec
from .celery_worker import BROKER_URL, broker_available, running_worker

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not broker_available(), reason=f"no message broker at {BROKER_URL}: start Redis to run this test"
    ),
]

ROOT = "敖勒召其镇多个小区自来水停水已经三天了，居民生活非常困难，打了很多次电话也没有人来处理。"


@pytest.mark.django_db(transaction=True)
def test_worker_processes_an_ingest_batch_idempotently(source):
    # given a batch of raw records for a source, one of them malformed
    records = [
        rec("w1", ROOT),
        rec("w2", "", kind="repost", repost_of="w1", minutes=3),
        rec("w3", "城川镇中学食堂饭菜有异味", minutes=5),
        {"id": "bad", "text": "时间错误", "published_at": "昨天"},
    ]

    # when a worker process takes the ingest task from the broker, twice (a redelivered message)
    with running_worker() as (queue, client):
        first = client.send_task("gongkai.opinion.tasks.ingest_batch", args=[source.pk, records], queue=queue).get(
            timeout=120
        )
        second = client.send_task("gongkai.opinion.tasks.ingest_batch", args=[source.pk, records], queue=queue).get(
            timeout=120
        )

    # then the first run stored and analysed the good records, the second added nothing
    assert (first["received"], first["created"], first["existing"]) == (4, 3, 0)
    assert first["rejected"] == [{"index": 3, "reason": "发布时间“昨天”格式无法识别。", "id": "bad"}]
    assert (second["created"], second["existing"]) == (0, 3)
    assert sorted(Post.objects.values_list("external_id", flat=True)) == ["w1", "w2", "w3"]
    w1, w2 = Post.objects.get(external_id="w1"), Post.objects.get(external_id="w2")
    assert w2.thread_root_id == w1.pk and w2.event_id == w1.event_id is not None
    assert Event.objects.count() == 2
    assert list(IngestRun.objects.order_by("id").values_list("created", "duplicates", "rejected")) == [
        (3, 0, 1),
        (0, 3, 1),
    ]
