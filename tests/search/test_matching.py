"""Which documents a query finds: exactly those whose title or body holds every block of it.

Issue 9: 府 found nothing (the index held 政府 as a word and a lone character was a prefix),
政 found every item, and 政政 found any text with the word 政. Runs on SQLite and, with
DATABASE_URL, on PostgreSQL.
"""

from datetime import UTC, datetime

import pytest
from django.db import connection

from gongkai.search.selectors import search
from gongkai.search.services import index_document
from gongkai.search.text import normalise

pytestmark = pytest.mark.django_db

KIND = "catalog.item"
CORPUS = {
    "1": (
        "鄂托克前旗人民政府办公室关于做好政府信息公开工作的通知",
        "各苏木镇人民政府，旗直各部门：现将有关事项通知如下。",
    ),
    "2": ("行政政策研究报告", "本报告研究行政政策的制定与评估，重点分析财政政策。"),
    "3": ("首府呼和浩特市的交通", "首府城市的公共交通线路调整，自2019年1月起执行。"),
    "4": ("政务服务事项清单", "政务服务大厅的办事指南，见附件PDF文件。"),
    "5": ("城川镇防汛工作简报", "防汛物资储备充足，人员到岗到位。"),
    "6": ("政政政三连的标题", "正文里没有重复。"),
    "7": ("会议纪要", "政府 信息公开条例，政，府。"),
}


@pytest.fixture
def corpus():
    for n, (title, body) in CORPUS.items():
        index_document(
            kind=KIND,
            object_id=n,
            title=title,
            body=body,
            agency_id=1,
            published_at=datetime(2020, 1, int(n), tzinfo=UTC),
        )


def _found(q: str) -> set[str]:
    result = search(q, page_size=100)
    assert result.total_exact is True
    assert result.total == len(result.hits)
    return {hit.object_id for hit in result.hits}


def _expected(q: str) -> set[str]:
    """The definition, by brute force: every block is a substring of the title or of the body."""
    blocks = normalise(q).split()
    return {
        n for n, (title, body) in CORPUS.items() if all(b in normalise(title) or b in normalise(body) for b in blocks)
    }


def test_a_single_character_finds_every_text_holding_it_and_no_other(corpus):
    # when / then
    assert _found("府") == {"1", "3", "7"}
    assert _found("政") == {"1", "2", "4", "6", "7"}


def test_repeated_characters_find_only_texts_that_repeat_them(corpus):
    # when / then
    assert _found("政政") == {"2", "6"}
    assert _found("政政政") == {"6"}
    assert _found("政政政政") == set()


def test_a_multi_character_word_is_found_where_it_occurs(corpus):
    # when / then
    assert _found("信息公开") == {"1", "7"}
    assert _found("政务服务") == {"4"}
    assert _found("政府") == {"1", "7"}


def test_a_query_spanning_a_word_boundary_is_found(corpus):
    # when / then: 府信 spans 政府|信息 in 1; in 7 a space separates them
    assert _found("府信") == {"1"}
    assert _found("策研") == {"2"}


def test_a_block_never_spans_punctuation_or_title_and_body(corpus):
    # when / then: 7 has "政，府" in its body; 3's title ends with 通 and its body starts with 首
    assert _found("政府信息公开条例") == set()
    assert _found("通首") == set()


def test_every_block_must_match(corpus):
    # when / then
    assert _found("政府 防汛") == set()
    assert _found("政 府") == {"1", "3", "7"} & {"1", "2", "4", "6", "7"}


def test_letters_and_digits(corpus):
    # when / then: a run of letters/digits matches from the start of a run
    assert _found("pdf") == {"4"}
    assert _found("PD") == {"4"}
    assert _found("df") == set()
    assert _found("2019年") == {"3"}
    assert _found("019年") == set()


def test_every_substring_of_the_corpus_finds_exactly_the_texts_holding_it(corpus):
    # given: every CJK substring of 1 to 5 characters of the corpus, and repeats
    queries = set()
    for title, body in CORPUS.values():
        for text in (title, body):
            for size in range(1, 6):
                for i in range(len(text) - size + 1):
                    piece = text[i : i + size]
                    if all("\u4e00" <= ch <= "\u9fff" for ch in piece):
                        queries.add(piece)
    queries |= {"政政", "府府", "工作工作", "政府政府"}
    # when
    wrong = {q: (_found(q), _expected(q)) for q in sorted(queries) if _found(q) != _expected(q)}
    # then
    assert len(queries) > 500
    assert wrong == {}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's estimate")
def test_many_candidates_fill_the_window_with_true_matches_and_estimate_the_total(monkeypatch):
    # given: 10 documents hold the pairs of 信息公开; only the even ones hold the string
    from gongkai.search import selectors
    from gongkai.search.backends import sqlite

    for n in range(1, 11):
        body = "加强信息公开工作" if n % 2 == 0 else "信息、息公、公开"
        index_document(
            kind=KIND, object_id=n, title=f"第{n}号", body=body, published_at=datetime(2020, 1, n, tzinfo=UTC)
        )
    monkeypatch.setattr(selectors, "RANK_WINDOW", 2)
    monkeypatch.setattr(sqlite, "CHECK_ALL_CANDIDATES", 5)
    # when
    result = search("信息公开", sort="date", page_size=5)
    # then: the window (10, 8) took 3 candidates; 10 candidates → about 7; pages go on exactly
    assert (result.total, result.total_exact) == (7, False)
    assert [hit.object_id for hit in result.hits] == ["10", "8", "6", "4", "2"]
