"""Ingestion of the five real seed documents: as Word files, as pasted web pages, as pasted text."""

import datetime as dt
import re

import pytest

from gongkai.catalog.ingest import extract_from_docx, extract_from_html, extract_from_text

from .seed_docs import SEEDS, build_docx, build_web_page, seed_text

TITLE_004 = "鄂托克前旗人民政府办公室关于印发政府信息公开有关制度的通知"
TITLE_001 = "祥云县人民政府办公室关于印发《祥云县政务舆情监测处置回应和新闻发布工作制度》的通知"
TITLE_002 = "铜川市人民政府办公室关于进一步推进政务公开有关工作的通知"

# What each seed itself carries. 000 (a Traditional-Chinese provincial opinion copied without its
# head or signature) and 003 (a Beijing notice copied without its title and number) do not carry a
# title or a document number; 000 carries no date or agency either.
EXPECTED = {
    "000": {"title": None, "document_number": None, "signing_date": None, "issuing_agency": None},
    "001": {
        "title": TITLE_001,
        "document_number": "祥政办通〔2019〕54号",
        "signing_date": dt.date(2019, 7, 2),
        "issuing_agency": "祥云县人民政府办公室",
    },
    "002": {
        "title": TITLE_002,
        "document_number": "铜政办发〔2016〕71号",
        "signing_date": dt.date(2016, 12, 28),
        "issuing_agency": "铜川市人民政府办公室",
    },
    "003": {
        "title": None,
        "document_number": None,
        "signing_date": dt.date(2014, 2, 19),
        "issuing_agency": "北京市人民政府办公厅",
    },
    "004": {
        "title": TITLE_004,
        "document_number": "鄂前政办发〔2018〕96号",
        "signing_date": dt.date(2018, 11, 5),
        "issuing_agency": "鄂托克前旗人民政府办公室",
    },
}
ATTACHMENTS_004 = [
    "鄂托克前旗人民政府信息公开指南和政府信息公开目录编制制度",
    "鄂托克前旗人民政府信息工作依申请公开制度",
    "鄂托克前旗人民政府信息公开责任追究制度",
    "鄂托克前旗人民政府信息公开保密审查制度",
    "鄂托克前旗人民政府信息公开工作培训制度",
    "鄂托克前旗人民政府信息发布协调机制",
    "鄂托克前旗人民政府信息公开社会评议制度",
    "鄂托克前旗人民政府政务公开舆情回应制度",
]
# The body starts at the addressee line: letterhead, number, title and its repetitions are gone.
FIRST_PARAGRAPH = {
    "000": "<p>各市、县(区)人民政府,省政府各部门:</p>",
    "001": "<p>各乡、镇人民政府,县级各委、办、局:</p>",
    "002": "<p>各区县人民政府,市新区管委会,市政府各工作部门、直属事业单位:</p>",
    "003": "<p>各区、县人民政府,市政府各委、办、局,各市属机构:</p>",
    "004": "<p>上海庙经济开发区管委会,各镇人民政府,旗直各有关部门:</p>",
}
# The signature block stays at the end of the document's own text.
SIGNATURE_HTML = {
    "001": "<p>2019年7月2日</p>\n<p>(此件公开发布)</p>",
    "002": "<p>铜川市人民政府办公室</p>\n<p>2016年12月28日</p>",
    "003": "<p>北京市人民政府办公厅</p>\n<p>2014年2月19日</p>",
    "004": "<p>鄂托克前旗人民政府办公室</p>\n<p>2018年11月5日</p>",
}
ALLOWED_TAGS = {"p", "strong", "em", "br", "h2", "h3", "h4", "ul", "ol", "li", "table", "tbody", "tr", "th", "td"}
ALL_SEEDS = sorted(SEEDS)


def squash(text):
    return re.sub(r"\s+", "", text)


def assert_clean_html(html):
    assert set(re.findall(r"</?([a-zA-Z0-9]+)", html)) <= ALLOWED_TAGS
    assert re.findall(r"<[a-z0-9]+\s+(?!colspan=\"\d+\">)", html) == []
    # (the text of 004 itself mentions 宋体, so font names are checked as the builders wrote them)
    for leftover in ("style", "class=", "font", "color", "仿宋_GB2312", "<span", "&nbsp;", "\u00a0", "\u3000"):
        assert leftover not in html
    assert re.findall(r"<(p|h[2-4]|li|td)>\s*</\1>", html) == []


def metadata(doc):
    return {key: getattr(doc, key) for key in ("title", "document_number", "signing_date", "issuing_agency")}


# --- Word ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", ALL_SEEDS)
def test_docx_metadata_of_each_seed(seed):
    # given the seed as the Word document an office would upload
    data = build_docx(seed)

    # when
    doc = extract_from_docx(data)

    # then
    assert doc.source_format == "docx"
    assert metadata(doc) == EXPECTED[seed]
    assert doc.date_source == (None if seed == "000" else "signature")
    assert doc.co_issuing_agencies == []
    assert doc.attachments == (ATTACHMENTS_004 if seed == "004" else [])


@pytest.mark.parametrize("seed", ALL_SEEDS)
def test_docx_body_is_clean_and_does_not_repeat_the_title(seed):
    # given a Word file with fonts, sizes, colours, empty paragraphs and the title repeated
    data = build_docx(seed)

    # when
    doc = extract_from_docx(data)

    # then the body keeps structure only and starts at the addressee
    assert_clean_html(doc.body_html)
    assert doc.body_html.startswith(FIRST_PARAGRAPH[seed] + "\n")
    if SEEDS[seed].title:
        assert squash(SEEDS[seed].title) not in squash(doc.body_text)
    if SEEDS[seed].number_line:
        assert squash(SEEDS[seed].number_line) not in squash(doc.body_text)
    if seed in SIGNATURE_HTML:
        assert SIGNATURE_HTML[seed] in doc.body_html


@pytest.mark.parametrize(
    ("seed", "bold_line"),
    [
        ("000", "一、进一步加强新闻发布工作"),
        ("001", "一、明确政务舆情回应责任"),
        ("002", "一、着力加强“五公开”"),
        ("003", "一、加强平台建设,推进政府信息发布常态化"),
        ("004", "一、公开指南编制规范"),
    ],
)
def test_docx_bold_lines_are_kept(seed, bold_line):
    doc = extract_from_docx(build_docx(seed))

    assert f"<p><strong>{bold_line}</strong></p>" in doc.body_html


def test_docx_table_of_004_is_kept():
    # given 004 whose nine categories are a table in the Word file
    doc = extract_from_docx(build_docx("004"))

    # then
    assert doc.body_html.count("<table>") == 1
    assert (
        "<p>政府公开信息共分九大类:</p>\n<table><tbody><tr><td>机构概况类</td>"
        "<td>机构职能、领导信息、内设科室、下属单位、工作规则等涉及机构情况的信息;</td></tr>"
    ) in doc.body_html
    assert "<tr><td>社会监督类</td><td>民意征集,监督投诉等信息。</td></tr></tbody></table>" in doc.body_html


def test_docx_number_with_square_brackets_is_normalised():
    # given 002 whose number line reads 铜政办发[2016]71号
    assert SEEDS["002"].number_line == "铜政办发[2016]71号"

    doc = extract_from_docx(build_docx("002"))

    assert doc.document_number == "铜政办发〔2016〕71号"


def test_docx_chinese_numeral_signature_date():
    # given 003 signed 二〇一四年二月十九日
    data = build_docx("003", replace={"2014年2月19日": "二〇一四年二月十九日"})

    doc = extract_from_docx(data)

    assert doc.signing_date == dt.date(2014, 2, 19)
    assert doc.date_source == "signature"
    assert doc.issuing_agency == "北京市人民政府办公厅"


def test_docx_co_signed_document_takes_the_last_signing_date():
    # given 003 co-signed by two agencies on two dates
    data = build_docx(
        "003",
        replace={
            "  北京市人民政府办公厅\n\n  2014年2月19日": (
                "  北京市人民政府办公厅\n\n  2014年2月17日\n\n  北京市人民政府新闻办公室\n\n  2014年2月19日"
            )
        },
    )

    doc = extract_from_docx(data)

    assert doc.signing_date == dt.date(2014, 2, 19)
    assert doc.issuing_agency == "北京市人民政府办公厅"
    assert doc.co_issuing_agencies == ["北京市人民政府新闻办公室"]


def test_docx_accepts_a_file_object():
    import io

    doc = extract_from_docx(io.BytesIO(build_docx("004")))

    assert doc.document_number == "鄂前政办发〔2018〕96号"


# --- pasted text --------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", ALL_SEEDS)
def test_text_metadata_of_each_seed(seed):
    # given the seed text as pasted (with the site chrome and metadata header it carries)
    doc = extract_from_text(seed_text(seed))

    assert doc.source_format == "text"
    assert metadata(doc) == EXPECTED[seed]
    assert doc.attachments == (ATTACHMENTS_004 if seed == "004" else [])
    assert_clean_html(doc.body_html)
    assert doc.body_html.startswith(FIRST_PARAGRAPH[seed] + "\n")
    if SEEDS[seed].title:
        assert squash(SEEDS[seed].title) not in squash(doc.body_text)


def test_text_metadata_header_of_004():
    doc = extract_from_text(seed_text("004"))

    assert doc.source_index_number == "000014349/2018-01705"
    assert doc.publishing_agency == "鄂托克前旗人民政府办公室"
    assert doc.source_date == dt.date(2018, 11, 5)
    assert doc.source_published_on is None
    assert "索" not in doc.body_text.split("\n")[0]
    assert "000014349" not in doc.body_text
    assert doc.warnings == []


def test_text_metadata_header_and_chrome_of_002():
    doc = extract_from_text(seed_text("002"))

    assert doc.source_index_number == "TCXXGK-2016-026432"
    assert doc.publishing_agency == "铜川市人民政府办公室"
    assert doc.source_date == dt.date(2016, 12, 28)
    assert doc.source_published_on == dt.date(2016, 12, 30)
    for chrome in ("TCXXGK", "发布时间", "字体大小", "收藏", "网络编辑", "信息审核"):
        assert chrome not in doc.body_text
    assert doc.warnings == ["已删除网页导航、浏览次数等无关内容 3 行。"]


def test_text_site_chrome_of_001_is_dropped():
    doc = extract_from_text(seed_text("001"))

    for chrome in (
        "中央人民政府网站",
        "文章作者",
        "浏览次数",
        "打印本文",
        "关闭窗口",
        "ICP备",
        "站点地图",
        "问题曝光台",
    ):
        assert chrome not in doc.body_text
    assert doc.body_text.endswith("按照有关规定进行通报表扬。")


def test_text_header_date_used_when_signature_is_missing():
    # given 002 without its signature block
    text = re.sub(r"\n铜川市人民政府办公室\s*\n2016年12月28日\s*\n", "\n", seed_text("002"))

    doc = extract_from_text(text)

    assert doc.signing_date == dt.date(2016, 12, 28)
    assert doc.date_source == "header"
    assert doc.issuing_agency == "铜川市人民政府办公室"  # from the title
    assert "未找到落款日期，产生时间取自页面标注的发文日期，请核对。" in doc.warnings


def test_text_signature_date_wins_over_a_different_header_date():
    text = seed_text("002").replace("发文日期:  2016年12月28日", "发文日期:  2016年12月27日")

    doc = extract_from_text(text)

    assert doc.signing_date == dt.date(2016, 12, 28)
    assert doc.source_date == dt.date(2016, 12, 27)
    assert "落款日期（2016-12-28）与页面标注的发文日期（2016-12-27）不一致，已采用落款日期，请核对。" in doc.warnings


def test_text_without_title_or_number_warns_in_chinese():
    doc = extract_from_text(seed_text("003"))

    assert doc.warnings == ["未识别到标题，请手工填写信息名称。", "未识别到文号（文件编号），如有请手工填写。"]


# --- pasted web page ----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", ALL_SEEDS)
def test_html_metadata_and_clean_body_of_each_seed(seed):
    # given the seed as a web page with scripts, styles, fonts, navigation and footer
    html = build_web_page(seed)

    # when
    doc = extract_from_html(html)

    # then
    assert doc.source_format == "html"
    assert metadata(doc) == EXPECTED[seed]
    assert_clean_html(doc.body_html)
    assert doc.body_html.startswith(FIRST_PARAGRAPH[seed] + "\n")
    for dropped in (
        "脚本里的文字",
        "visits",
        "color: red",
        "当前位置",
        "分享到",
        "版权所有",
        "请启用脚本",
        "机构概况</",
    ):
        assert dropped not in doc.body_html
    expected_attachments = ATTACHMENTS_004 if seed == "004" else ["附件下载示例.docx"]
    assert doc.attachments == expected_attachments


def test_html_bold_span_becomes_strong():
    doc = extract_from_html(build_web_page("004"))

    assert "<p><strong>二、政府信息公开信息目录编排</strong></p>" in doc.body_html


def test_html_metadata_table_of_a_disclosure_page():
    # given 004 as a disclosure page whose metadata header is a table
    lines = seed_text("004").split("\n")[4:]
    header = (
        "<table class='xxgk'><tr><td>索引号：</td><td>000014349/2018-01705</td><td>分类：</td><td></td></tr>"
        "<tr><td>发布机构：</td><td>鄂托克前旗人民政府办公室</td><td>发文日期：</td><td>2018年11月05日</td></tr>"
        f"<tr><td>名称：</td><td colspan='3'>{TITLE_004}</td></tr>"
        "<tr><td>文号：</td><td>鄂前政办发〔2018〕96号</td><td>主题词：</td><td></td></tr></table>"
    )
    html = header + "".join(f"<p>{line}</p>" for line in lines)

    # when
    doc = extract_from_html(html)

    # then
    assert doc.source_index_number == "000014349/2018-01705"
    assert metadata(doc) == EXPECTED["004"]
    assert doc.body_html.startswith(FIRST_PARAGRAPH["004"])
    assert "000014349" not in doc.body_html


def test_html_lists_are_kept():
    html = (
        "<body class='menu-open'><div class='article position-relative'><h1>标题</h1>"
        "<ol><li style='color:red'>第一项</li><li><b>第二项</b></li></ol><ul><li>要点</li></ul></div></body>"
    )

    doc = extract_from_html(html)

    assert doc.body_html == "<ol><li>第一项</li><li><strong>第二项</strong></li></ol>\n<ul><li>要点</li></ul>"


# --- Traditional Chinese and conversion artefacts (seed 000) ------------------------------------


@pytest.mark.parametrize("source", ["docx", "text", "html"])
def test_traditional_seed_is_converted_and_artefacts_cleaned(source):
    # given 000: Traditional Chinese with pinyin artefacts such as 縣(區(qū))
    raw = seed_text("000")
    assert "縣(區(qū))" in raw

    doc = {
        "docx": lambda: extract_from_docx(build_docx("000")),
        "text": lambda: extract_from_text(raw),
        "html": lambda: extract_from_html(build_web_page("000")),
    }[source]()

    # then
    assert doc.converted_from_traditional is True
    assert "原文为繁体中文，已转换为简体中文，请核对。" in doc.warnings
    assert "为贯彻落实《国务院办公厅关于进一步加强政府信息公开回应社会关切提升政府公信力的意见》" in doc.body_text
    for traditional in ("縣", "區", "國", "務", "辦", "關", "發"):
        assert traditional not in doc.body_text
    assert re.findall(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", doc.body_text) == []
    assert "(qū)" not in doc.body_html and "</p>" not in doc.body_text
    # the three spots where the bad conversion lost characters are marked and reported
    assert doc.body_text.count("□") == 3
    assert "正文有 3 处乱码无法还原，已用“□”标出，请对照原文修改。" in doc.warnings


@pytest.mark.parametrize("seed", ["001", "002", "003", "004"])
def test_simplified_seeds_are_not_converted(seed):
    doc = extract_from_text(seed_text(seed))

    assert doc.converted_from_traditional is False
    assert not any("繁体" in w for w in doc.warnings)
    assert squash(doc.body_text) in squash(seed_text(seed))
