"""Normalisation and segmentation shared by the index and the query (no database)."""

from gongkai.search.highlight import highlight, snippet
from gongkai.search.text import Term, index_tokens, normalise, query_terms, segment


def test_normalise_maps_full_width_and_traditional_and_keeps_length():
    # given
    text = "ＡＢＣ１２３　政府資訊公開條例"
    # when
    result = normalise(text)
    # then
    assert result == "abc123 政府资讯公开条例"
    assert len(result) == len(text)


def test_index_tokens_keep_multi_character_words_whole():
    # when
    tokens = index_tokens("为进一步加强我旗政府信息公开工作")
    # then
    assert tokens == ["为", "一步", "进一步", "加强", "我", "旗", "政府", "信息", "公开", "工作"]


def test_index_tokens_add_the_dictionary_pieces_of_long_words():
    # when
    tokens = index_tokens("鄂托克前旗人民政府办公室")
    # then
    assert "鄂托克前旗" in tokens
    assert {"鄂托克", "人民政府", "人民", "政府", "办公室"} <= set(tokens)


def test_punctuation_and_other_numbers_are_separators():
    # when
    tokens = index_tokens("第①条：“谁公开、谁审查”（e-mail）x²")
    # then
    assert tokens == ["第", "条", "谁", "公开", "谁", "审查", "e", "mail", "x"]


def test_query_terms_of_a_phrase_are_its_words():
    # when
    terms = query_terms("信息公开")
    # then
    assert terms == [Term("信息"), Term("公开")]


def test_query_term_of_a_long_word_also_matches_its_pieces():
    # when
    (term,) = query_terms("中华人民共和国")
    # then
    assert term.word == "中华人民共和国"
    assert term.parts == ("中华", "华人", "人民", "共和", "共和国")


def test_single_character_is_a_prefix_term():
    # when
    terms = query_terms("旗")
    # then
    assert terms == [Term("旗", prefix=True)]


def test_a_character_cut_out_of_a_longer_block_is_a_word_not_a_prefix():
    # when
    terms = query_terms("依申请")
    # then
    assert terms == [Term("依"), Term("申请")]


def test_hostile_query_becomes_plain_words():
    # when
    terms = query_terms('"政府" OR NEAR(x y) -公开 * \'; DROP TABLE x; -- :')
    # then
    assert [t.word for t in terms] == ["政府", "or", "near", "x", "y", "公开", "drop", "table"]


def test_traditional_query_is_simplified():
    # when
    terms = query_terms("輿情回應")
    # then
    assert [t.word for t in terms] == ["舆情", "回应"]


def test_segment_joins_tokens_with_spaces():
    # when
    result = segment("政府信息公开")
    # then
    assert result == "政府 信息 公开"


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
