"""Normalisation and segmentation shared by the index and the query (no database)."""

from gongkai.search.highlight import highlight, snippet
from gongkai.search.text import (
    MAX_RUN,
    RUN_START,
    Term,
    canonical,
    index_tokens,
    normalise,
    query_terms,
    segment,
    stored_text,
)


def test_normalise_maps_full_width_and_traditional_and_keeps_length():
    # given
    text = "ＡＢＣ１２３　政府資訊公開條例"
    # when
    result = normalise(text)
    # then
    assert result == "abc123 政府资讯公开条例"
    assert len(result) == len(text)


def test_index_tokens_are_characters_and_adjacent_pairs():
    # when
    tokens = index_tokens("政府信息公开")
    # then
    assert tokens == ["政", "府", "信", "息", "公", "开", "政府", "府信", "信息", "息公", "公开"]


def test_index_tokens_are_distinct_and_independent_of_any_dictionary():
    # given: the opinion pipeline adds names to jieba's global dictionary at run time
    import jieba

    before = index_tokens("鄂托克前旗城川镇政府政府")
    jieba.add_word("城川镇政")
    # when
    after = index_tokens("鄂托克前旗城川镇政府政府")
    # then
    assert after == before
    assert len(after) == len(set(after))
    assert "府政" in after


def test_punctuation_and_other_numbers_are_separators():
    # when
    tokens = index_tokens("第①条：“谁公开”（e-mail）x² 2019年")
    # then
    assert tokens == ["第", "条", "谁", "公", "开", "谁公", "公开", "e", "mail", "x", "2019", "年"]


def test_letter_and_digit_runs_are_whole_tokens_cut_at_max_run():
    # when
    tokens = index_tokens("abc123" + "z" * 100)
    # then
    assert tokens == ["abc123" + "z" * (MAX_RUN - 6)]


def test_one_or_two_characters_are_exact_tokens():
    # when
    one, two = query_terms("府 政政")
    # then
    assert one == Term("府", tokens=("府",))
    assert two == Term("政政", tokens=("政政",))


def test_longer_blocks_need_every_pair_and_are_verified():
    # when
    (term,) = query_terms("政政政")
    (word,) = query_terms("信息公开")
    # then
    assert term == Term("政政政", tokens=("政政",), verify="政政政")
    assert word == Term("信息公开", tokens=("信息", "息公", "公开"), verify="信息公开")


def test_a_letter_run_is_a_prefix_and_must_start_a_run():
    # when
    (alone,) = query_terms("PDF")
    (mixed,) = query_terms("2019年")
    # then
    assert alone == Term("pdf", prefixes=("pdf",))
    assert mixed == Term("2019年", tokens=("2019", "年"), verify=RUN_START + "2019年")
    assert mixed.verify in canonical("关于2019年预算") and mixed.verify not in canonical("第12019年")


def test_canonical_text_separates_blocks_and_fields():
    # when
    text = stored_text("政府，信息", "年 2019")
    # then
    assert text == "政府 信息\n年 " + RUN_START + "2019"
    assert "府信" not in text
    assert query_terms("年2019")[0].verify not in text


def test_hostile_query_becomes_plain_blocks():
    # when
    terms = query_terms('"政府" OR NEAR(x y) -公开 * \'; DROP TABLE x; -- :')
    # then
    assert [t.text for t in terms] == ["政府", "or", "near", "x", "y", "公开", "drop", "table"]


def test_traditional_query_is_simplified():
    # when
    terms = query_terms("輿情回應")
    # then
    assert [t.text for t in terms] == ["舆情回应"]


def test_repeated_blocks_are_one_term():
    # when
    terms = query_terms("政府 政府 政")
    # then
    assert [t.text for t in terms] == ["政府", "政"]


def test_segment_joins_tokens_with_spaces():
    # when
    result = segment("信息公开")
    # then
    assert result == "信 息 公 开 信息 息公 公开"


def test_snippet_escapes_html_then_marks_matches():
    # given
    body = "<script>alert(1)</script> 政府信息公开 & 保密审查"
    # when
    html = snippet(body, query_terms("保密审查"))
    # then
    assert html == "&lt;script&gt;alert(1)&lt;/script&gt; 政府信息公开 &amp; <mark>保密审查</mark>"


def test_snippet_marks_traditional_text_for_a_simplified_query():
    # when
    html = highlight("完善新聞發布制度", query_terms("新闻"))
    # then
    assert html == "完善<mark>新聞</mark>發布制度"


def test_snippet_is_cut_around_the_matches():
    # given
    body = "甲" * 300 + "舆情研判" + "乙" * 300
    # when
    html = snippet(body, query_terms("舆情研判"))
    # then
    assert html.startswith("…")
    assert html.endswith("…")
    assert "<mark>舆情研判</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) == 122


def test_snippet_without_a_match_is_the_beginning_of_the_text():
    # when
    html = snippet("第一段。\n\n第二段。", query_terms("舆情"))
    # then
    assert html == "第一段。 第二段。"
