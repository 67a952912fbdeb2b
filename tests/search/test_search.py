"""The search index on the test database (SQLite by default, PostgreSQL with DATABASE_URL)."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from gongkai.core.errors import ValidationFailed
from gongkai.search import selectors
from gongkai.search.models import SearchDocument
from gongkai.search.selectors import search
from gongkai.search.services import index_document, rebuild, remove_document

pytestmark = pytest.mark.django_db

# Paragraphs of seed 004 (鄂前政办发〔2018〕96号, 附件4, 附件1 and 附件8) and seed 000 (Traditional).
SECRECY = (
    "第四条  政府信息公开保密审查应遵循“谁主管、谁负责”、“谁公开、谁审查”和“先审查、后公开”的原则,"
    "既要保障应当公开的政府信息能够顺利公开,又要确保不应公开的政府信息不被公开,未经审查的信息不得公开。"
)
OPINION = (
    "(二)分析研判。健全舆情研判标准,根据舆情内容、公众反应、媒体介入程度等,完善舆情监测预警机制,准确判断回应价值。"
    "涉及群众切身利益的重大决策出台前,要进行舆情风险评估,通过舆情跟踪、抽样调查、重点走访、会商分析等方式,"
    "对决策可能引发的各种风险进行科学预测、综合研判,确定风险等级并制定相应的处置预案。"
)
NUMBER = (
    "文件编号是文件编制过程中由制发机关赋予文件的顺序号,文件编号包括发文字号、标准规范文件等的编号。"
    "例:鄂前政发〔2008〕1号。"
)
TRADITIONAL = (
    "2、完善新聞發布制度。省政府辦公廳、省政府新聞辦公室要圍繞省政府重要會議、省政府重點工作、"
    "公眾關注的熱點問題,及時組織召開新聞發布會。"
)
KIND = "catalog.item"


def _index(object_id, title, body, *, agency_id=1, category="政策文件", year=2018, day=1, kind=KIND):
    return index_document(
        kind=kind,
        object_id=object_id,
        title=title,
        body=body,
        agency_id=agency_id,
        facets={"category": category, "year": year, "five": "管理公开"},
        published_at=datetime(year, 1, day, 8, 0, tzinfo=UTC),
        url=f"/items/{object_id}/",
    )


@pytest.fixture
def seeds():
    _index(1, "鄂托克前旗人民政府信息公开保密审查制度", SECRECY, agency_id=10, category="政策文件", year=2018)
    _index(2, "鄂托克前旗人民政府政务公开舆情回应制度", OPINION, agency_id=10, category="工作信息", year=2019)
    _index(3, "政府信息公开目录编制规范", NUMBER, agency_id=20, category="政策文件", year=2020)
    _index(
        4, "关于进一步加强政府信息公开回应社会关切的实施意见", TRADITIONAL, agency_id=30, category="政府决策", year=2014
    )


def _ids(result):
    return [hit.object_id for hit in result.hits]


def test_a_word_from_the_body_of_a_seed_paragraph_finds_it(seeds):
    # when
    result = search("研判")
    # then
    assert result.total == 1
    assert result.total_exact is True
    (hit,) = result.hits
    assert (hit.kind, hit.object_id, hit.url) == (KIND, "2", "/items/2/")
    assert hit.published_at == datetime(2019, 1, 1, 8, 0, tzinfo=UTC)
    assert hit.facets == {"category": "工作信息", "year": 2019, "five": "管理公开"}
    assert hit.snippet_html.startswith("(二)分析<mark>研判</mark>。健全舆情<mark>研判</mark>标准")
    assert hit.title_html == "鄂托克前旗人民政府政务公开舆情回应制度"


def test_a_compound_word_matches_as_a_word(seeds):
    # when
    result = search("保密审查")
    # then
    assert _ids(result) == ["1"]
    assert "<mark>保密审查</mark>" in result.hits[0].snippet_html
    assert result.hits[0].title_html == "鄂托克前旗人民政府信息公开<mark>保密审查</mark>制度"


def test_a_document_number_is_found_by_its_parts(seeds):
    # when
    result = search("鄂前政发〔2008〕1号")
    # then
    assert _ids(result) == ["3"]


def test_a_long_word_finds_text_segmented_into_its_pieces():
    # given: 中华人民共和国政府 is one dictionary word; the document's index holds its pieces
    _index(7, "条例", "根据《中华人民共和国政府信息公开条例》的要求")
    # when
    result = search("中华人民共和国")
    # then
    assert _ids(result) == ["7"]
    assert "<mark>中华人民共和国</mark>" in result.hits[0].snippet_html


def test_a_single_character_matches_wherever_it_occurs(seeds):
    # when
    found = search("舆")
    missing = search("鑫")
    # then
    assert _ids(found) == ["2"]
    assert missing.total == 0
    assert missing.hits == []


def test_every_term_must_match(seeds):
    # when
    both = search("舆情 风险")
    one_missing = search("舆情 保密")
    # then
    assert _ids(both) == ["2"]
    assert one_missing.total == 0


def test_a_title_hit_ranks_above_a_body_only_hit():
    # given: the body-only document mentions the word many times and is newer
    _index(1, "关于开展培训的通知", "舆情 " * 20 + OPINION, year=2024)
    _index(2, "政务舆情回应制度", SECRECY, year=2010)
    # when
    result = search("舆情")
    # then
    assert _ids(result) == ["2", "1"]
    assert result.hits[0].score > result.hits[1].score


def test_more_occurrences_in_the_body_rank_higher():
    # given
    _index(1, "甲", "审查。", year=2024)
    _index(2, "乙", SECRECY, year=2010)
    # when
    result = search("审查")
    # then
    assert _ids(result) == ["2", "1"]


def test_traditional_query_finds_simplified_text(seeds):
    # when
    result = search("輿情研判")
    # then
    assert _ids(result) == ["2"]


def test_simplified_query_finds_traditional_text(seeds):
    # when
    result = search("热点 新闻办公室")
    # then
    assert _ids(result) == ["4"]
    assert "<mark>新聞辦公室</mark>" in result.hits[0].snippet_html
    assert "<mark>熱點</mark>" in result.hits[0].snippet_html


def test_full_width_query_is_normalised(seeds):
    # when
    result = search("２００８")
    # then
    assert _ids(result) == ["3"]


def test_filters_by_agency_and_facets(seeds):
    # when
    by_agency = search("政府信息", filters={"agency_id": [10]})
    by_agencies = search("政府信息", filters={"agency_id": [10, 20]})
    by_category = search("政府信息", filters={"category": "政策文件"})
    by_year = search("政府信息", filters={"year": "2020"})
    by_year_int = search("政府信息", filters={"year": 2020, "category": ["政策文件", "政府决策"]})
    no_scope = search("政府信息", filters={"agency_id": []})
    blank = search("政府信息", filters={"category": ""})
    # then
    assert _ids(by_agency) == ["1"]
    assert sorted(_ids(by_agencies)) == ["1", "3"]
    assert sorted(_ids(by_category)) == ["1", "3"]
    assert _ids(by_year) == ["3"]
    assert _ids(by_year_int) == ["3"]
    assert no_scope.total == 0
    assert blank.total == 3


def test_filter_by_kind():
    # given
    _index(1, "保密审查制度", SECRECY, kind="catalog.item")
    _index(1, "保密审查答复", SECRECY, kind="foi.reply")
    # when
    items = search("保密审查", kinds=["catalog.item"])
    everything = search("保密审查")
    # then
    assert [(h.kind, h.object_id) for h in items.hits] == [("catalog.item", "1")]
    assert everything.total == 2


def test_facet_counts_cover_the_whole_result(seeds):
    # when
    result = search("政府信息")
    # then
    assert result.total == 3
    assert result.facets_exact is True
    assert result.facet_counts == {
        "agency_id": {"10": 1, "20": 1, "30": 1},
        "category": {"政策文件": 2, "政府决策": 1},
        "year": {"2018": 1, "2020": 1, "2014": 1},
        "five": {"管理公开": 3},
    }


def test_sort_by_date_is_newest_first(seeds):
    # when
    result = search("政府信息", sort="date")
    # then
    assert _ids(result) == ["3", "1", "4"]


def test_pagination():
    # given
    for n in range(1, 6):
        _index(n, f"第{n}号通知", "保密审查工作", day=n)
    # when
    first = search("保密审查", sort="date", page=1, page_size=2)
    second = search("保密审查", sort="date", page=2, page_size=2)
    third = search("保密审查", sort="date", page=3, page_size=2)
    beyond = search("保密审查", sort="date", page=9, page_size=2)
    # then
    assert (first.total, first.pages) == (5, 3)
    assert _ids(first) == ["5", "4"]
    assert _ids(second) == ["3", "2"]
    assert _ids(third) == ["1"]
    assert beyond.hits == []
    assert beyond.total == 5


def test_beyond_the_rank_window_counts_and_pages_stay_consistent(monkeypatch):
    # given: a window of 3 for 7 matches
    monkeypatch.setattr(selectors, "RANK_WINDOW", 3)
    for n in range(1, 8):
        _index(n, "保密审查" if n == 2 else f"第{n}号", "保密审查工作", day=n)
    # when
    pages = [search("保密审查", page=p, page_size=2) for p in (1, 2, 3, 4)]
    by_date = [search("保密审查", sort="date", page=p, page_size=3) for p in (1, 2, 3)]
    # then
    assert pages[0].total == 7
    assert pages[0].total_exact is True
    assert pages[0].facets_exact is False
    assert pages[0].facet_counts["year"] == {"2018": 3}
    # the window (7, 6, 5) is ranked, then the older matches follow newest first; 2 is outside the window
    assert [_ids(p) for p in pages] == [["7", "6"], ["5", "4"], ["3", "2"], ["1"]]
    assert [_ids(p) for p in by_date] == [["7", "6", "5"], ["4", "3", "2"], ["1"]]


def test_total_is_a_lower_bound_beyond_the_count_cap(monkeypatch):
    # given
    monkeypatch.setattr(selectors, "RANK_WINDOW", 2)
    monkeypatch.setattr(selectors, "COUNT_CAP", 4)
    for n in range(1, 7):
        _index(n, f"第{n}号", "保密审查", day=n)
    # when
    result = search("保密审查")
    # then
    assert (result.total, result.total_exact) == (4, False)


def test_removal_makes_it_unfindable(seeds):
    # when
    removed = remove_document(kind=KIND, object_id=1)
    removed_again = remove_document(kind=KIND, object_id=1)
    # then
    assert (removed, removed_again) == (True, False)
    assert search("保密审查").total == 0
    assert not SearchDocument.objects.filter(kind=KIND, object_id="1").exists()
    assert sorted(_ids(search("政府信息"))) == ["3", "4"]


def test_reindex_replaces_the_old_text(seeds):
    # when
    doc = _index(2, "政务公开工作培训制度", "培训内容包括传达文件精神、强调工作要点。", agency_id=11, year=2021)
    # then
    assert search("研判").total == 0
    assert search("舆情").total == 0
    assert _ids(search("培训")) == ["2"]
    assert _ids(search("培训", filters={"agency_id": [11], "year": 2021})) == ["2"]
    assert search("培训", filters={"agency_id": [10]}).total == 0
    assert SearchDocument.objects.filter(kind=KIND, object_id="2").count() == 1
    assert doc.title == "政务公开工作培训制度"


def test_rebuild_replaces_every_document_of_the_kind(seeds):
    # given
    _index(9, "保密审查答复", SECRECY, kind="foi.reply")
    items = [
        {"object_id": 1, "title": "培训制度", "body": "培训内容", "agency_id": 10, "facets": {"year": 2022}},
        {"object_id": 5, "title": "评议制度", "body": "社会评议"},
    ]
    # when
    n = rebuild(KIND, items)
    # then
    assert n == 2
    assert SearchDocument.objects.filter(kind=KIND).count() == 2
    assert search("研判").total == 0
    assert _ids(search("培训", filters={"year": 2022})) == ["1"]
    assert _ids(search("评议")) == ["5"]
    assert [(h.kind, h.object_id) for h in search("保密审查").hits] == [("foi.reply", "9")]


def test_rebuild_with_a_duplicate_changes_nothing(seeds):
    # when
    with pytest.raises(ValidationFailed) as err:
        rebuild(KIND, [{"object_id": 1, "title": "甲"}, {"object_id": 1, "title": "乙"}])
    # then
    assert err.value.message == "重建索引时对象编号重复。"
    assert SearchDocument.objects.filter(kind=KIND).count() == 4
    assert _ids(search("研判")) == ["2"]


def test_index_document_refuses_bad_input_and_writes_nothing():
    # when
    with pytest.raises(ValidationFailed) as err:
        index_document(kind="", object_id=1, title="甲")
    with pytest.raises(ValidationFailed):
        index_document(kind=KIND, object_id=1, title="甲", facets={"year": {"nested": 1}})
    # then
    assert err.value.message == "检索文档类型无效。"
    assert SearchDocument.objects.count() == 0


HOSTILE = [
    '"',
    '""',
    "*",
    "OR",
    "AND",
    "NOT",
    "NEAR",
    "NEAR(",
    "-",
    "-公开",
    ":",
    "title:政府",
    "{title}:政府",
    "(",
    ")",
    "()",
    "政府 OR",
    "政府 AND (",
    "'",
    "'; DROP TABLE search_searchdocument; --",
    "\\",
    "\\'",
    "!&|:*",
    "政府:*",
    "<script>alert(1)</script>",
    "\x00",
    "％",
    "😀",
    "   ",
    "",
    None,
    "^政府",
    "政府*",
    "+政府",
    "a" * 100,
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_do_not_raise(seeds, q):
    # when
    result = search(q)
    result_by_date = search(q, sort="date", filters={"agency_id": [10], "category": "'\"*"})
    # then
    assert result.total >= 0
    assert result_by_date.total >= 0
    assert SearchDocument.objects.count() == 4


def test_operator_words_are_searched_as_words():
    # given
    _index(1, "NEAR OR AND", "the words near or and")
    _index(2, "其他", "保密审查")
    # when
    result = search("NEAR OR")
    # then
    assert _ids(result) == ["1"]


def test_empty_query_is_an_empty_result(seeds):
    # when
    result = search("  ，。 ")
    # then
    assert (result.total, result.hits, result.facet_counts) == (0, [], {})


def test_over_long_query_is_refused_in_chinese(seeds):
    # when
    with pytest.raises(ValidationFailed) as err:
        search("政" * 101)
    # then
    assert err.value.message == "检索词过长，请不要超过100个字符。"
    assert err.value.http_status == 422


def test_bad_sort_and_page_are_refused(seeds):
    # when
    with pytest.raises(ValidationFailed) as bad_sort:
        search("政府", sort="rank; drop")
    with pytest.raises(ValidationFailed) as bad_page:
        search("政府", page="abc")
    # then
    assert bad_sort.value.message == "排序方式无效。"
    assert bad_page.value.message == "页码无效。"


def test_withheld_text_never_given_is_never_found():
    # given: the caller redacts before indexing
    _index(1, "答复", "经审查，[已删除：个人隐私]。其余内容予以公开。")
    # when
    result = search("张三")
    # then
    assert result.total == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_lexemes_are_exactly_the_python_tokens():
    # given
    from gongkai.search.services import agency_tag, facet_tag, kind_tag
    from gongkai.search.text import index_tokens

    text = OPINION + NUMBER + TRADITIONAL + " Ｅ-mail ① 二〇一八年 ǅ"
    doc = _index(9, "标题", text, agency_id=10)
    # when
    with connection.cursor() as cursor:
        cursor.execute("SELECT array_agg(lexeme) FROM search_index, unnest(tsv) WHERE sortkey = %s", [doc.sortkey])
        lexemes = set(cursor.fetchone()[0])
    # then
    tags = {kind_tag(KIND), agency_tag(10), facet_tag("category", "政策文件"), facet_tag("year", 2018)}
    tags.add(facet_tag("five", "管理公开"))
    assert lexemes == set(index_tokens("标题")) | set(index_tokens(text)) | tags


def test_a_query_cannot_reach_the_filter_tags(seeds):
    # given
    from gongkai.search.services import agency_tag, facet_tag

    tags = [facet_tag("category", "政策文件"), agency_tag(10)]
    # when
    results = [search(t) for t in tags] + [search(t[1:]) for t in tags]
    # then
    assert [r.total for r in results] == [0, 0, 0, 0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_plans_give_the_same_hits_and_leave_no_settings_behind(seeds, monkeypatch):
    # given
    from django.db import transaction

    from gongkai.search.backends import postgres

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_index")
    bitmap = search("政府信息", sort="date")
    # when: walk the newest documents whatever the share of matches
    monkeypatch.setattr(postgres, "_STATS", {})
    monkeypatch.setattr(postgres, "WALK_SHARE", 0.001)
    monkeypatch.setattr(postgres, "FULL_SCAN_MATCHES", -1)
    walked_calls = []
    original = postgres.PostgresBackend._planned
    monkeypatch.setattr(
        postgres.PostgresBackend, "_planned", lambda self, off, *a: walked_calls.append(off) or original(self, off, *a)
    )
    monkeypatch.setattr(selectors, "RANK_WINDOW", 2)
    with transaction.atomic():
        walked = search("政府信息", sort="date")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_bitmapscan')")
            settings_after = cursor.fetchone()
    # then
    assert _ids(walked) == _ids(bitmap) == ["3", "1", "4"]
    assert (walked.total, walked.total_exact) == (3, False)
    assert ("enable_seqscan", "enable_bitmapscan") in walked_calls
    assert settings_after == ("on", "on")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_newest_slice_then_everywhere_give_the_same_hits(monkeypatch):
    # given: 10 documents, the even ones match; a window of 2
    from gongkai.search.backends import postgres

    for n in range(1, 11):
        _index(n, f"第{n}号", "保密审查" if n % 2 == 0 else "培训", day=n)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_index")
    monkeypatch.setattr(postgres, "_STATS", {})
    monkeypatch.setattr(selectors, "RANK_WINDOW", 2)
    monkeypatch.setattr(postgres, "WALK_SHARE", 1.1)
    monkeypatch.setattr(postgres, "FULL_SCAN_MATCHES", -1)
    lowers = []
    original = postgres.PostgresBackend._select
    monkeypatch.setattr(
        postgres.PostgresBackend,
        "_select",
        lambda self, *a, **kw: lowers.append(kw.get("lower")) or original(self, *a, **kw),
    )
    # when: a slice of the newest 4 documents holds 2 matches; one of the newest 2 holds only 1
    monkeypatch.setattr(postgres, "SLICE_MARGIN", 0.8)
    sliced = [search("审查", sort="date", page=p, page_size=2) for p in (1, 2, 3)]
    monkeypatch.setattr(postgres, "SLICE_MARGIN", 0.4)
    widened = search("审查", sort="date", page_size=2)
    # then
    assert [_ids(r) for r in sliced] == [["10", "8"], ["6", "4"], ["2"]]
    assert (sliced[0].total, sliced[0].total_exact) == (7, False)  # 2 matches in the newest 3 of 10
    assert _ids(widened) == ["10", "8"]
    assert (widened.total, widened.total_exact) == (5, True)
    assert lowers[0] is not None
    assert lowers[-2] is not None and lowers[-1] is None


def test_optimize_keeps_every_document_findable(seeds):
    # given
    from gongkai.search.services import optimize

    before = [(r.total, _ids(r)) for r in (search("政府信息", sort="date"), search("研判"))]
    # when
    optimize()
    # then
    after = [(r.total, _ids(r)) for r in (search("政府信息", sort="date"), search("研判"))]
    assert after == before == [(3, ["3", "1", "4"]), (1, ["2"])]


def test_a_document_deleted_outside_the_services_leaves_the_index_too(seeds):
    # when: the ORM (or a test flush) deletes rows directly
    SearchDocument.objects.filter(object_id__in=["1", "3"]).delete()
    # then
    result = search("政府信息")
    assert (result.total, _ids(result)) == (1, ["4"])
    assert search("保密审查").total == 0


def test_xinxi_gongkai_matches_as_a_string_not_as_words_apart():
    # given
    _index(1, "通知", "为进一步加强我旗政府信息公开工作")
    _index(2, "通知", "信息化建设和公共服务，公开透明")
    # when
    phrase = search("信息公开")
    one_word = search("信息")
    # then: 2 holds 信息 and 公开 but not 信息公开; 息公 spans two words of 1
    assert _ids(phrase) == ["1"]
    assert sorted(_ids(one_word)) == ["1", "2"]
    assert _ids(search("息公")) == ["1"]
    assert _ids(search("信息 公共")) == ["2"]
