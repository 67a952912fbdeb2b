"""Issue 14 in a real browser: the education bureau registers its WeChat account, imports the posts
exported from the platform, runs the checks: one day falls below the 60 % share (a local record of
鄂托克前旗 created for the test: the key has no national default, seed 003's 60 % is Beijing's local
profile) and the account goes two weeks without an update (the 单项否决 rule); the monthly inspection
report shows both; the unit records its rectification of the share finding."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core import clock
from gongkai.orgs.enums import Role
from gongkai.rules.models import RuleRecord
from gongkai.websites.models import Finding
from gongkai.websites.rules import SHARE_KEY

from ..clock import FrozenClock
from ..factories import AgencyFactory, RegionFactory, UserFactory, grant
from .conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Passw0rd!gk"

CSV = """编号,标题,发布时间
w1,关于印发《政府信息公开工作考核办法》的通知,2024-10-08 09:00
w2,秋天来了，带孩子去草原看看吧,2024-10-08 12:00
w3,周末亲子阅读书单推荐,2024-10-08 18:00
w4,旗教育局召开校园安全工作部署会议,2024-10-12 09:00
w5,我旗召开2024年防汛抗旱工作部署会议,2024-10-12 10:00
"""


@pytest.fixture
def world(monkeypatch):
    from gongkai.orgs.enums import AgencyKind, RegionLevel
    from gongkai.rules.seed import ensure_seeded
    from tests.rule_defaults import ensure_rule_defaults

    ensure_seeded()
    ensure_rule_defaults("foi")
    ensure_rule_defaults("websites")
    fake = FrozenClock(clock.now())
    fake.set(2024, 10, 28)
    monkeypatch.setattr(clock, "now", fake)
    province = RegionFactory(code="150000", name="内蒙古自治区", level=RegionLevel.PROVINCE)
    city = RegionFactory(code="150600", name="鄂尔多斯市", level=RegionLevel.CITY, parent=province)
    county = RegionFactory(code="150623", name="鄂托克前旗", level=RegionLevel.COUNTY, parent=city)
    gov = AgencyFactory(name="鄂托克前旗人民政府", kind=AgencyKind.GOVERNMENT, region=county, code="000014349")
    edu = AgencyFactory(name="鄂托克前旗教育局", region=county, parent=gov)
    RuleRecord.objects.create(
        key=SHARE_KEY,
        jurisdiction=county,
        value=60,
        effective_from=dt.date(2019, 1, 1),
        citation="测试：本地规定政府信息不少于日发布量的60%",
    )
    admin = UserFactory(username="edu-admin")
    grant(admin, Role.UNIT_ADMIN, edu)
    return edu


def test_account_registered_imported_below_60_idle_two_weeks_reported_rectified(page, world, tmp_path):
    sign_in(page, "edu-admin", PASSWORD)
    page.get_by_role("link", name="登记账号").click()
    page.get_by_label("平台").select_option(label="微信公众号")
    page.get_by_label("名称").fill("鄂托克前旗教育")
    page.get_by_label("账号或网址").fill("etkqq_jiaoyu")
    page.get_by_label("负责人").fill("王丽")
    page.get_by_label("网信办备案号").fill("蒙网信备2019001号")
    page.get_by_label("已开设运行").check()
    page.get_by_role("button", name="保存").click()
    page.get_by_role("heading", name="鄂托克前旗教育", level=1).wait_for()
    assert "运行中" in page.locator("#account-status").inner_text()

    # The posts exported from the platform are imported.
    page.get_by_role("link", name="导入发布内容").click()
    export = tmp_path / "wechat-export.csv"
    export.write_text(CSV, encoding="utf-8")
    page.get_by_label("导出文件").set_input_files(str(export))
    page.get_by_role("button", name="导入").click()
    assert "新增 5 条" in page.locator("#import-result").inner_text()
    shot(page, "websites-imported")

    # The checks: 8 October has 1 of 3 posts of government information; nothing since 12 October.
    page.get_by_role("link", name="返回账号").click()
    page.get_by_role("button", name="运行检查（近一个月）").click()
    page.get_by_text("检查完成").wait_for()
    assert "超过两周未更新" in page.locator("#update-gap").inner_text()
    share_row = page.locator("#daily-share tr", has_text="2024-10-08")
    assert "33.3%" in share_row.inner_text() and "不达标" in share_row.inner_text()
    shot(page, "websites-account-checked")

    # The monthly report shows both.
    page.get_by_role("link", name="查看本单位月度检查报告").click()
    row = page.locator("#inspection tbody tr", has_text="鄂托克前旗教育")
    text = row.inner_text()
    assert "2024-10-08：33.3%" in text and "是" in text and "不合格" in text
    assert "内容不更新" in page.locator("#report-findings").inner_text()
    shot(page, "websites-monthly-report")

    # The unit records its rectification of the share finding.
    page.locator("#report-findings").get_by_role("link", name="政府信息占比不足").click()
    page.get_by_label("整改情况或核实说明").fill("已调整发布结构，增加政策文件和工作动态的发布。")
    page.get_by_role("button", name="登记整改").click()
    page.get_by_text("已登记。").wait_for()
    assert page.locator("#finding-state").inner_text() == "已整改"
    finding = Finding.objects.get(kind="low_share")
    assert finding.state == "rectified" and finding.rectified_by.username == "edu-admin"
    shot(page, "websites-rectified")
