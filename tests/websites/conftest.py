"""Fixtures of the websites tests: the rule defaults (restored if another test flushed them), a
frozen clock, and an open WeChat account of the education bureau."""

from __future__ import annotations

import pytest

from gongkai.core import clock

from ..clock import FrozenClock


@pytest.fixture(autouse=True)
def _rule_defaults(db):
    from tests.rule_defaults import ensure_rule_defaults

    ensure_rule_defaults("foi")
    ensure_rule_defaults("websites")


@pytest.fixture
def share_rule(county):
    """鄂托克前旗's local share record (60 %) for the tests: the key has no national default (the 60 %
    of seed 003 is Beijing's local profile). Test data, not a statement of local law."""
    import datetime as dt

    from gongkai.rules.models import RuleRecord
    from gongkai.websites.rules import SHARE_KEY

    return RuleRecord.objects.create(
        key=SHARE_KEY,
        jurisdiction=county,
        value=60,
        effective_from=dt.date(2019, 1, 1),
        citation="测试：本地规定政府信息不少于日发布量的60%",
    )


@pytest.fixture
def frozen(monkeypatch):
    fake = FrozenClock(clock.now())
    fake.set(2024, 10, 20)
    monkeypatch.setattr(clock, "now", fake)
    return fake


@pytest.fixture
def account(unit_admin, department):
    from gongkai.websites import services

    return services.account_register(
        actor=unit_admin,
        agency=department,
        data={
            "platform": "wechat",
            "name": "鄂托克前旗教育",
            "identifier": "etkqq_jy",
            "person_responsible": "王明",
            "filing_number": "蒙网信备2019001号",
            "filed_on": "2019-05-10",
        },
        existing=True,
    )


def post(ext_id: str, title: str, when: str, text: str = "") -> dict:
    return {"id": ext_id, "title": title, "text": text, "published_at": when}


GOV = [
    "关于印发《政府信息公开工作考核办法》的通知",
    "我旗召开2024年防汛抗旱工作部署会议",
    "关于2024年秋季义务教育招生工作的公告",
    "旗人民政府关于做好政府信息公开工作的通知",
]
OTHER = ["周末去哪儿玩？这份美食攻略请收好", "恭喜！我旗选手获得马拉松冠军", "今天天气晴朗，祝大家周末愉快"]
