"""Keyword proposals (jieba) on the seed documents: each at most 10 characters (SPEC R2.2)."""

import re

import pytest

from gongkai.catalog.ingest import MAX_KEYWORD_CHARS, extract_from_docx, extract_from_text, propose_keywords
from gongkai.catalog.ingest.keywords import _load_stopwords

from .seed_docs import SEEDS, build_docx, seed_text

STOPWORDS = _load_stopwords()


def assert_good_keywords(keywords, k=5):
    assert 1 <= len(keywords) <= k
    assert len(set(keywords)) == len(keywords)
    for word in keywords:
        assert 2 <= len(word) <= MAX_KEYWORD_CHARS == 10
        assert word not in STOPWORDS
        assert not re.search(r"[0-9０-９\s]", word)
        assert not re.fullmatch(r"[零〇一二三四五六七八九十百千万第]+", word)


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_keywords_of_each_seed_document(seed):
    doc = extract_from_docx(build_docx(seed))

    assert_good_keywords(doc.keywords)


def test_keywords_of_004_name_its_subject():
    doc = extract_from_text(seed_text("004"))

    assert "政府信息公开" in doc.keywords or "信息公开" in doc.keywords
    assert_good_keywords(doc.keywords)


def test_keywords_of_traditional_seed_are_simplified():
    doc = extract_from_text(seed_text("000"))

    assert "新闻发言人" in doc.keywords
    assert all("發" not in w and "聞" not in w for w in doc.keywords)


def test_gazetteer_names_stay_whole():
    # given the body of 004 and a gazetteer with a development zone jieba does not know
    body = extract_from_text(seed_text("004")).body_text

    # when
    keywords = propose_keywords(
        "上海庙经济开发区政府信息公开工作要点", body, k=8, gazetteer=["上海庙经济开发区", "鄂托克前旗"]
    )

    # then
    assert "上海庙经济开发区" in keywords
    assert "上海" not in keywords and "开发区" not in keywords
    assert_good_keywords(keywords, k=8)


def test_gazetteer_names_longer_than_ten_characters_are_never_proposed():
    body = extract_from_text(seed_text("004")).body_text

    keywords = propose_keywords("鄂托克前旗人民政府办公室通知", body, k=10, gazetteer=["鄂托克前旗人民政府办公室"])

    assert "鄂托克前旗人民政府办公室" not in keywords
    assert_good_keywords(keywords, k=10)


def test_keyword_count_and_empty_input():
    body = seed_text("003")

    assert len(propose_keywords("", body, k=3)) == 3
    assert propose_keywords("", body, k=0) == []
    assert propose_keywords("", "   ") == []


def test_extraction_can_skip_keywords():
    doc = extract_from_text(seed_text("003"), keyword_count=0)

    assert doc.keywords == []


def test_length_limit_is_a_parameter_for_the_rule_value():
    # given a rule that allows at most 4 characters
    doc = extract_from_text(seed_text("004"), keyword_max_chars=4)

    assert doc.keywords
    assert all(2 <= len(w) <= 4 for w in doc.keywords)
    assert "政府信息公开" not in doc.keywords
