"""The staff journey of issue 3 in a real browser: a sub-user uploads the Word file of seed 004,
completes and submits it; the section head, the disclosure office and the leader approve it, each
in their own session; it is published; a citizen finds it by a word of its body and opens it."""

from __future__ import annotations

import pytest

from gongkai.catalog.enums import ItemStatus
from gongkai.catalog.models import InformationItem

from ..catalog.seed_docs import build_docx
from .conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The catalogue's people (tests/conftest.py): a sub-user and a section head of the education
# bureau's office, the county's disclosure office staff and the leader in charge.

TITLE_004 = "鄂托克前旗人民政府办公室关于印发政府信息公开有关制度的通知"
BODY_WORD = "社会评议"  # in the body of seed 004 (附件7), not in its title
PASSWORD = "Passw0rd!gk"


def session(chromium, base_url: str):
    """A new browser context: one person's own session."""
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    pg = context.new_page()
    pg.base_url = base_url
    return context, pg


def approve(chromium, base_url: str, username: str, title: str, name: str, conclusion: str | None = None) -> None:
    context, pg = session(chromium, base_url)
    try:
        sign_in(pg, username, PASSWORD)
        pg.get_by_role("link", name="审核任务").click()
        pg.get_by_role("link", name=title).click()
        pg.get_by_label("通过", exact=True).check()
        if conclusion:
            pg.get_by_label("保密审查结论").select_option(label=conclusion)
        pg.get_by_label("审核意见").fill("同意。")
        shot(pg, f"catalog-office-{name}-decides")
        pg.get_by_role("button", name="提交审核意见").click()
        pg.get_by_text("已提交审核意见。").wait_for()
    finally:
        context.close()


def test_sub_user_uploads_seed_004_and_it_is_published_after_three_approvals(
    page, chromium, live_server, author, section_head, office_staff, leader, department, tmp_path
):
    docx = tmp_path / "鄂前政办发〔2018〕96号.docx"
    docx.write_bytes(build_docx("004"))

    # given the sub-user signed in
    sign_in(page, "author", PASSWORD)

    # when they upload the Word file on the new-item page
    page.get_by_role("link", name="新建信息").click()
    page.get_by_role("heading", name="新建政府信息", level=1).wait_for()
    page.get_by_label("上传 Word 文档（.docx）").check()
    page.get_by_label("Word 文档（.docx）", exact=True).set_input_files(str(docx))
    page.get_by_role("button", name="下一步：核对和补全").click()

    # then the form is pre-filled from the document
    assert page.get_by_label("信息名称").input_value() == TITLE_004
    assert page.get_by_label("文件编号").input_value() == "鄂前政办发〔2018〕96号"
    assert page.get_by_label("产生时间").input_value() == "2018-11-05"
    assert "鄂托克前旗人民政府办公室" in page.locator("#extract-h + dl").inner_text()
    assert page.get_by_label("关键词").input_value() != ""
    shot(page, "catalog-office-prefilled")

    # when they complete the catalogue fields and save the draft
    page.get_by_label("关键词").fill("信息公开 保密审查 公开指南")
    page.get_by_label("信息分类").select_option(label="02 政策文件")
    page.get_by_label("五公开").select_option(label="管理公开")
    page.get_by_label("责任部门（科室）").select_option(label="鄂托克前旗教育局 · 办公室")
    page.get_by_label("主动公开", exact=True).check()
    page.get_by_label("内容描述").fill("印发政府信息公开指南和目录编制、依申请公开、保密审查等八项制度。")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("heading", name=TITLE_004, level=1).wait_for()
    assert page.locator("#item-status").inner_text() == "草稿"

    # and submit it for review
    page.get_by_label("提交说明").fill("请审查。")
    page.get_by_role("button", name="提交审查").click()
    page.get_by_text("已提交审查").first.wait_for()
    assert page.locator("#item-status").inner_text() == "审查中"
    shot(page, "catalog-office-submitted")
    item = InformationItem.objects.get()
    assert item.status == ItemStatus.IN_REVIEW and item.index_number is None

    # when the section head, the disclosure office and the leader approve, each in their own session
    approve(chromium, live_server.url, "sectionhead", TITLE_004, "section")
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW
    approve(chromium, live_server.url, "gkbstaff", TITLE_004, "office", conclusion="可以公开")
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW and item.index_number is None
    approve(chromium, live_server.url, "leader", TITLE_004, "leader")

    # then it is published with its index number
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    assert item.index_number == f"{department.org_code}/2018-00001"
    page.reload()
    assert page.locator("#item-status").inner_text() == "已公开"
    assert item.index_number in page.locator("main").inner_text()
    shot(page, "catalog-office-published")

    # and the printable review record names each reviewer and the conclusion
    page.get_by_role("link", name="审查记录（打印）").click()
    record = page.locator("main").inner_text()
    assert "政府信息公开保密审查记录" in record
    assert "可以公开" in record and "sectionhead" in record and "gkbstaff" in record and "leader" in record
    shot(page, "catalog-office-review-record")

    # when a citizen searches a word of its body on the portal
    context, citizen = session(chromium, live_server.url)
    try:
        citizen.goto(f"{live_server.url}/search?q={BODY_WORD}")
        link = citizen.get_by_role("link", name=TITLE_004).first
        link.wait_for()
        shot(citizen, "catalog-office-citizen-search")
        link.click()
        # then they open the published item
        citizen.get_by_role("heading", name=TITLE_004, level=1).wait_for()
        assert item.index_number in citizen.locator("main").inner_text()
        assert BODY_WORD in citizen.locator("main").inner_text()
        shot(citizen, "catalog-office-citizen-item")
    finally:
        context.close()
