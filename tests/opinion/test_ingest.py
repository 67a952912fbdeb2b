"""Ingest: the JSON batch API (token auth, bad records, idempotence), file import, RSS/Atom feeds."""

import io
import json

import pytest
from openpyxl import Workbook

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.opinion import services
from gongkai.opinion.enums import FeedStatus, SourceKind
from gongkai.opinion.ingest import feeds
from gongkai.opinion.ingest.records import RecordError, parse_record
from gongkai.opinion.models import IngestRun, Post, Source

from .monitoring_fixtures import *  # noqa: F403
from .monitoring_fixtures import at, rec

URL = "/api/v1/opinion/ingest"


def post_json(client, body, token=None, header="Authorization"):
    headers = {}
    if token is not None:
        headers = (
            {"HTTP_AUTHORIZATION": f"Bearer {token}"} if header == "Authorization" else {"HTTP_X_SOURCE_TOKEN": token}
        )
    return client.post(URL, data=json.dumps(body, ensure_ascii=False), content_type="application/json", **headers)


@pytest.fixture
def token(source, monitor):
    _source, value = services.source_issue_token(actor=monitor, source=source)
    return value


@pytest.fixture
def other_source(monitor, banner):
    return services.source_create(actor=monitor, agency=banner, name="论坛监测", kind=SourceKind.FORUM)


BATCH = [
    rec("w1", "敖勒召其镇自来水停水三天了，居民生活困难", reposts=12, comments="1.2万", likes=3),
    rec("w2", "城川镇中学食堂饭菜有异味，家长很担心", author="家长甲", url="https://weibo.com/2"),
    {"id": "w3", "text": "时间写错了", "published_at": "2026-13-45"},
    {"text": "没有编号"},
    rec("w4", "转发一下", kind="repost", repost_of="w1"),
    {"id": "w5", "text": "链接不对", "url": "javascript:alert(1)"},
    "不是对象",
    rec("w6", "评论数写成文字", comments="很多"),
]


def test_api_batch_counts_rejects_with_index_and_reason_and_keeps_the_rest(client, source, token):
    # when
    response = post_json(client, {"records": BATCH}, token)
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["received"] == 8
    assert body["created"] == 3
    assert body["existing"] == 0
    assert body["rejected"] == [
        {"index": 2, "reason": "发布时间“2026-13-45”格式无法识别。", "id": "w3"},
        {"index": 3, "reason": "缺少外部编号（id）。", "id": None},
        {"index": 5, "reason": "链接（url）应以 http:// 或 https:// 开头。", "id": "w5"},
        {"index": 6, "reason": "记录应为 JSON 对象。", "id": None},
        {"index": 7, "reason": "评论数“很多”不是有效的数字。", "id": "w6"},
    ]
    assert sorted(Post.objects.values_list("external_id", flat=True)) == ["w1", "w2", "w4"]
    w1 = Post.objects.get(external_id="w1")
    assert (w1.reposts, w1.comments, w1.likes) == (12, 12000, 3)
    run = IngestRun.objects.get(pk=body["run"])
    assert (run.channel, run.received, run.created, run.duplicates, run.rejected) == ("api", 8, 3, 0, 5)
    assert run.errors[0] == {"index": 2, "reason": "发布时间“2026-13-45”格式无法识别。", "id": "w3"}


def test_api_replay_adds_nothing_twice(client, source, token):
    # given a batch already ingested
    post_json(client, {"records": BATCH}, token)
    before = list(Post.objects.order_by("id").values_list("id", "external_id", "event_id"))
    # when the same batch (and one duplicate inside a batch) comes again
    response = post_json(client, {"records": BATCH + [BATCH[0]]}, token, header="X-Source-Token")
    # then
    assert response.status_code == 200
    assert response.json()["created"] == 0
    assert response.json()["existing"] == 4
    assert list(Post.objects.order_by("id").values_list("id", "external_id", "event_id")) == before


@pytest.mark.parametrize("bad", [None, "", "gko_wrong", "Bearer", "x" * 300])
def test_api_wrong_or_missing_token_is_401_and_writes_nothing(client, source, token, bad):
    response = post_json(client, {"records": BATCH[:1]}, bad)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert Post.objects.count() == 0
    assert IngestRun.objects.count() == 0


def test_api_token_of_another_source_cannot_write_as_this_source(client, source, other_source, monitor):
    # given a token of the forum source
    _s, forum_token = services.source_issue_token(actor=monitor, source=other_source)
    # when it names the Weibo source
    response = post_json(client, {"source": source.pk, "records": BATCH[:1]}, forum_token)
    # then
    assert response.status_code == 403
    assert response.json()["message"] == "该令牌不能为其他来源写入数据。"
    assert Post.objects.count() == 0
    # and without naming a source it writes as its own source only
    assert post_json(client, {"records": BATCH[:1]}, forum_token).status_code == 200
    assert list(Post.objects.values_list("source_id", flat=True)) == [other_source.pk]


def test_api_revoked_or_reissued_token_and_inactive_source_are_refused(client, source, token, monitor):
    _s, new_token = services.source_issue_token(actor=monitor, source=source)
    assert post_json(client, {"records": BATCH[:1]}, token).status_code == 401
    assert post_json(client, {"records": BATCH[:1]}, new_token).status_code == 200
    services.source_update(actor=monitor, source=source, is_active=False)
    response = post_json(client, {"records": BATCH[1:2]}, new_token)
    assert response.status_code == 401
    assert response.json()["message"] == "该来源已停用。"
    assert Post.objects.count() == 1


def test_api_limits_and_shape(client, source, token, settings):
    settings.OPINION_API_MAX_RECORDS = 2
    response = post_json(client, {"records": BATCH[:3]}, token)
    assert response.status_code == 422
    assert response.json()["message"] == "一次最多提交 2 条记录（本次 3 条）。"
    assert post_json(client, {"records": []}, token).status_code == 422
    assert post_json(client, {"nothing": 1}, token).status_code == 422
    assert Post.objects.count() == 0


def test_token_is_stored_hashed_and_issuing_is_audited(source, monitor, outsider):
    # when
    source, value = services.source_issue_token(actor=monitor, source=source)
    # then
    stored = Source.objects.get(pk=source.pk)
    assert value.startswith("gko_") and len(value) > 40
    assert value not in (stored.token_hash, stored.token_hint) and stored.token_hint == value[:10]
    assert AuditEvent.objects.filter(event="opinion.source.token_issued", target_id=str(source.pk)).count() == 1
    # another unit's person cannot issue one
    with pytest.raises(PermissionDenied):
        services.source_issue_token(actor=outsider, source=source)
    assert Source.objects.get(pk=source.pk).token_hash == stored.token_hash


def test_record_time_formats():
    cases = {
        "2012-09-17 19:44:56": "2012-09-17T11:44:56+00:00",
        "2012-09-17T19:44:56+08:00": "2012-09-17T11:44:56+00:00",
        "Tue Sep 11 19:23:20 +0800 2012": "2012-09-11T11:23:20+00:00",
        "2024年5月1日 08:30": "2024-05-01T00:30:00+00:00",
        "Tue, 10 Jun 2003 04:00:00 GMT": "2003-06-10T04:00:00+00:00",
        1359388106: "2013-01-28T15:48:26+00:00",
        1359388106000: "2013-01-28T15:48:26+00:00",
    }
    import datetime as dt

    for value, expected in cases.items():
        got = parse_record({"id": "x", "text": "t", "published_at": value}).published_at
        assert got.astimezone(dt.UTC).isoformat() == expected, value
    with pytest.raises(RecordError) as err:
        parse_record({"id": "x", "text": "t", "published_at": "0202-01-01"})
    assert err.value.message == "发布时间的年份 202 不合理。"


def test_original_text_is_kept_as_received(source):
    raw = "敖勒召其鎮停水！！[怒] https://t.cn/abc @某某 "
    services.ingest_records(source=source, rows=[{"id": "t1", "text": raw}], channel="api")
    post = Post.objects.get(external_id="t1")
    assert post.text == raw
    assert post.text_norm == "敖勒召其镇停水!!"
    assert post.language == "zh-hant"


# --- files -------------------------------------------------------------------------------------


CSV = (
    "信息ID,标题,正文,作者,发布时间,原文链接,转发数,评论数,点赞数,阅读数,来源\n"
    "c1,停水,敖勒召其镇停水三天,网友甲,2026-05-11 09:00,https://bbs.example.cn/1,1,2,3,400,本地论坛\n"
    "c2,,城川镇中学食堂饭菜异味,网友乙,2026-05-11 10:00,,0,0,0,0,本地论坛\n"
    "c3,,时间不对,网友丙,昨天下午,,0,0,0,0,本地论坛\n"
    ",,,,,,,,,,\n"
    "c4,,,网友丁,2026-05-11 11:00,,0,0,0,0,本地论坛\n"
)


def test_csv_import_reports_lines_and_replay_adds_nothing(source, monitor):
    # when
    out = services.ingest_file(actor=monitor, source=source, data=CSV.encode("utf-8"), filename="导出.csv")
    # then
    assert (out.received, out.created, out.existing) == (4, 2, 0)
    assert [(r.index, r.reason) for r in out.rejected] == [
        (4, "发布时间“昨天下午”格式无法识别。"),
        (6, "正文（text）和标题（title）不能都为空。"),
    ]
    c1 = Post.objects.get(external_id="c1")
    assert (c1.title, c1.author, c1.url, c1.views, c1.extra) == (
        "停水",
        "网友甲",
        "https://bbs.example.cn/1",
        400,
        {"site": "本地论坛"},
    )
    assert AuditEvent.objects.filter(event="opinion.import.file").count() == 1
    # when the same file is imported again
    again = services.ingest_file(actor=monitor, source=source, data=CSV.encode("utf-8"), filename="导出.csv")
    assert (again.created, again.existing, len(again.rejected)) == (0, 2, 2)
    assert Post.objects.count() == 2


def test_csv_in_gbk_with_column_map_and_without_id_column(source, monitor):
    data = "内容摘要,时间\n城川镇停电了,2026-05-11 08:00\n城川镇停电了,2026-05-11 08:05\n".encode("gb18030")
    out = services.ingest_file(
        actor=monitor,
        source=source,
        data=data,
        filename="a.csv",
        column_map={"text": "内容摘要", "published_at": "时间"},
    )
    assert out.created == 2
    assert all(e.startswith("h:") for e in Post.objects.values_list("external_id", flat=True))
    assert Source.objects.get(pk=source.pk).column_map == {"text": "内容摘要", "published_at": "时间"}
    again = services.ingest_file(actor=monitor, source=source, data=data, filename="a.csv")
    assert (again.created, again.existing) == (0, 2)


def test_xlsx_import(source, monitor):
    import datetime as dt

    wb = Workbook()
    ws = wb.active
    ws.append(["编号", "内容", "发布时间", "转发"])
    ws.append(["x1", "敖勒召其镇停水", dt.datetime(2026, 5, 11, 9, 0), 5])
    ws.append(["x2", "", dt.datetime(2026, 5, 11, 9, 5), 1])
    ws.append([3, "编号是数字", "2026-05-11 09:10", "-2"])
    buf = io.BytesIO()
    wb.save(buf)
    out = services.ingest_file(actor=monitor, source=source, data=buf.getvalue(), filename="export.xlsx")
    assert out.created == 1
    assert [(r.index, r.reason) for r in out.rejected] == [
        (3, "正文（text）和标题（title）不能都为空。"),
        (4, "转发数“-2”不是有效的数字。"),
    ]
    assert Post.objects.get(external_id="x1").reposts == 5


def test_jsonl_import_bad_lines(source, monitor):
    lines = [
        json.dumps({"id": "j1", "text": "敖镇停水"}, ensure_ascii=False),
        "{坏的 json",
        "",
        json.dumps({"id": "j2"}),
    ]
    out = services.ingest_file(actor=monitor, source=source, data="\n".join(lines).encode(), filename="x.jsonl")
    assert out.created == 1
    assert [(r.index, r.reason) for r in out.rejected] == [
        (2, "这一行不是有效的 JSON。"),
        (4, "正文（text）和标题（title）不能都为空。"),
    ]


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (b"", "a.csv", "文件是空的。"),
        (b"x", "a.pdf", "不支持的文件格式：请上传 CSV、XLSX 或 JSON Lines（.jsonl）文件。"),
        (
            "作者,时间\n甲,2026-01-01\n".encode(),
            "a.csv",
            "文件中找不到正文或标题列（文件的列：作者、时间）。请在“列映射”中指定，例如 text=内容。",
        ),
        (b"not a zip", "a.xlsx", "无法读取该 Excel 文件（请使用 .xlsx 格式）。"),
    ],
)
def test_unreadable_files_give_chinese_errors(source, monitor, data, filename, message):
    with pytest.raises(ValidationFailed) as err:
        services.ingest_file(actor=monitor, source=source, data=data, filename=filename)
    assert err.value.message == message
    assert Post.objects.count() == 0 and IngestRun.objects.count() == 0


def test_import_into_another_units_source_is_denied(source, outsider, chengchuan_monitor):
    for actor in (outsider, chengchuan_monitor):
        with pytest.raises(PermissionDenied):
            services.ingest_file(actor=actor, source=source, data=CSV.encode(), filename="a.csv")
    assert Post.objects.count() == 0


# --- feeds -------------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>旗融媒体</title>
<item><guid>n-1</guid><title>敖勒召其镇恢复供水</title><link>https://news.example.cn/1</link>
<description>&lt;p&gt;经抢修，&lt;b&gt;敖勒召其镇&lt;/b&gt;已恢复供水。&lt;/p&gt;</description>
<pubDate>Mon, 11 May 2026 02:00:00 GMT</pubDate><dc:creator>记者甲</dc:creator></item>
<item><title>没有编号和链接</title></item>
</channel></rss>""".encode()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>政务网</title>
<entry><id>tag:gov,2026:1</id><title>城川镇召开安全生产会议</title><link href="https://gov.example.cn/a"/>
<updated>2026-05-11T10:00:00+08:00</updated><summary>会议部署安全生产工作。</summary><author><name>城川镇</name></author></entry>
</feed>""".encode()


def test_parse_rss_and_atom():
    rss = feeds.parse_feed(RSS)
    first = dict(rss[0])
    assert first.pop("text").replace("\n", "") == "经抢修，敖勒召其镇已恢复供水。"
    assert first == {
        "id": "n-1",
        "kind": "news",
        "title": "敖勒召其镇恢复供水",
        "url": "https://news.example.cn/1",
        "published_at": "Mon, 11 May 2026 02:00:00 GMT",
        "author": "记者甲",
    }
    assert rss[1]["id"] == ""
    atom = feeds.parse_feed(ATOM)
    assert atom == [
        {
            "id": "tag:gov,2026:1",
            "kind": "news",
            "title": "城川镇召开安全生产会议",
            "text": "会议部署安全生产工作。",
            "url": "https://gov.example.cn/a",
            "published_at": "2026-05-11T10:00:00+08:00",
            "author": "城川镇",
        }
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body>not a feed</body></html>",
        b"<rss><channel>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><rss/>',
    ],
)
def test_parse_feed_rejects_non_feeds(data):
    with pytest.raises(ValidationFailed):
        feeds.parse_feed(data)


def test_feed_polling_ingests_records_remembers_etag_and_handles_304_and_errors(monitor, banner, township_govs):
    source = services.source_create(
        actor=monitor,
        agency=banner,
        name="旗融媒体",
        kind=SourceKind.NEWS_PORTAL,
        feed_url="https://news.example.cn/rss",
        poll_minutes=10,
    )
    calls = []

    def fetch(url, etag, modified):
        calls.append((url, etag, modified))
        if len(calls) == 1:
            return feeds.Fetched(200, RSS, 'W/"v1"', "Mon, 11 May 2026 02:00:00 GMT")
        if len(calls) == 2:
            return feeds.Fetched(304)
        raise OSError("connection refused")

    now = at(2026, 5, 11, 12)
    # first poll: the good item goes in, the entry without id is rejected
    out = feeds.poll_source(source, fetch=fetch, now=now)
    assert (out.created, [r.reason for r in out.rejected]) == (1, ["缺少外部编号（id）。"])
    source.refresh_from_db()
    assert (source.feed_status, source.feed_etag, source.last_polled_at) == (FeedStatus.OK, 'W/"v1"', now)
    post = Post.objects.get(external_id="n-1")
    assert post.kind == "news" and post.title == "敖勒召其镇恢复供水"
    # not due yet: nothing fetched
    assert feeds.poll_due(fetch=fetch, now=at(2026, 5, 11, 12, 5)) == 0
    # due: 304 adds nothing; the stored ETag was sent
    assert feeds.poll_due(fetch=fetch, now=at(2026, 5, 11, 12, 11)) == 1
    assert calls[1] == ("https://news.example.cn/rss", 'W/"v1"', "Mon, 11 May 2026 02:00:00 GMT")
    source.refresh_from_db()
    assert source.feed_status == FeedStatus.NOT_MODIFIED
    # a network error is recorded on the source, nothing else changes
    feeds.poll_due(fetch=fetch, now=at(2026, 5, 11, 12, 30))
    source.refresh_from_db()
    assert (source.feed_status, source.feed_error) == (FeedStatus.ERROR, "OSError: connection refused")
    assert Post.objects.count() == 1


def test_api_queued_mode_answers_202_and_the_task_stores_the_batch(client, source, token, settings):
    # given the queued mode (the embedded default runs the task in-process)
    settings.OPINION_INGEST_QUEUE = True
    # when
    response = post_json(client, {"records": BATCH}, token)
    # then the checks answer at once, the task stores the good records
    assert response.status_code == 202
    body = response.json()
    assert (body["queued"], body["received"], len(body["rejected"])) == (True, 8, 5)
    assert sorted(Post.objects.values_list("external_id", flat=True)) == ["w1", "w2", "w4"]
    assert post_json(client, {"records": BATCH}, "gko_wrong").status_code == 401
