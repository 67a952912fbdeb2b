"""Synthetic catalogue items generated from real paragraphs of the five seed documents.

Deterministic for a given ``seed``: the same N gives the same items, so runs compare.
Each item: a title built from the seeds' own titles and topics with a varied agency and
document kind, a body of 2–6 seed paragraphs with their sentences shuffled (plus a document
number sentence and, rarely, one of a few rare-topic sentences), an agency among 600,
one of the nine categories, a year 2008–2025, a five-disclosure tag and a form.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"

REGIONS = [
    "鄂托克前旗",
    "鄂托克旗",
    "乌审旗",
    "杭锦旗",
    "准格尔旗",
    "达拉特旗",
    "伊金霍洛旗",
    "东胜区",
    "康巴什区",
    "祥云县",
    "大理市",
    "宾川县",
    "弥渡县",
    "巍山县",
    "洱源县",
    "铜川市",
    "耀州区",
    "宜君县",
    "印台区",
    "王益区",
    "东城区",
    "西城区",
    "朝阳区",
    "海淀区",
    "丰台区",
    "石景山区",
    "门头沟区",
    "房山区",
    "通州区",
    "顺义区",
]
DEPARTMENTS = [
    "人民政府办公室",
    "教育局",
    "卫生健康委员会",
    "财政局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "农牧局",
    "民政局",
    "人力资源和社会保障局",
    "市场监督管理局",
    "应急管理局",
    "审计局",
    "统计局",
    "公安局",
    "司法局",
    "文化和旅游局",
    "水利局",
    "林业和草原局",
]
AGENCIES = [r + d for r in REGIONS for d in DEPARTMENTS]  # 600 agencies, id = index + 1
CATEGORIES = [
    "机构概况",
    "政策文件",
    "政府决策",
    "工作信息",
    "人事信息",
    "行政执法",
    "财政信息",
    "公共服务",
    "社会监督",
]
CATEGORY_WEIGHTS = [4, 20, 8, 30, 8, 10, 8, 8, 4]
FIVE = ["决策公开", "执行公开", "管理公开", "服务公开", "结果公开"]
FORMS = ["通知", "意见", "办法", "公告", "报告", "方案"]
TOPICS = [
    "进一步加强政府信息公开工作",
    "印发政府信息公开有关制度",
    "进一步做好政务舆情回应工作",
    "全面推进政务公开工作",
    "加强政策解读和新闻发布工作",
    "规范依申请公开工作",
    "做好政府信息公开保密审查",
    "开展政府信息公开社会评议",
    "印发政务舆情监测处置回应和新闻发布工作制度",
    "加强政府网站和政务新媒体管理",
    "做好年度政府信息公开工作报告编制",
    "推进决策公开执行公开管理公开服务公开结果公开",
    "公布年度财政预算决算",
    "公示行政许可和行政处罚结果",
    "调整部分行政事业性收费项目",
    "做好重大项目批准和实施信息公开",
    "推进公共资源配置领域信息公开",
    "加强突发事件应急信息发布",
]
# Rare topics: each appears in about 1 item in 3,000 (see RARE_RATE).
RARE = [
    "沙棘产业园区二期工程完成竣工验收，光伏治沙示范项目同步并网发电。",
    "草原生态保护补助奖励资金已按户足额发放，牧民可登录一卡通平台查询到账情况。",
    "城关镇敬老院适老化改造项目通过消防验收，新增护理床位四十张。",
    "河长制巡河记录显示，无定河上游段水质稳定达到三类标准。",
    "古建筑修缮工程涉及的文物保护单位名录已在文物局网站同步更新。",
]
RARE_RATE = 1 / 3000
HEADER = re.compile(r"^(索\s*引\s*号|发布机构|名\s*称|文\s*号|发文|公文时效|来源|文章作者|中央人民政府网站|主题分类)")
SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")


@dataclass
class Item:
    object_id: int
    title: str
    body: str
    agency_id: int
    facets: dict
    published_at: datetime
    url: str


def paragraphs() -> list[str]:
    """Paragraphs of at least 30 characters of the five seeds, headers dropped."""
    out: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = line.strip().replace("\ufffd", "")
            if len(line) >= 30 and not HEADER.match(line):
                out.append(line)
    return out


def generate(n: int, *, seed: int = 20240501, start: int = 1) -> Iterator[Item]:
    """Yield ``n`` items with object ids ``start``..``start + n - 1``."""
    rng = random.Random(seed)
    paras = [SENTENCE.findall(p) for p in paragraphs()]
    base = datetime(2008, 1, 1, tzinfo=UTC)
    span = (datetime(2025, 12, 31, tzinfo=UTC) - base).total_seconds()
    for object_id in range(start, start + n):
        agency_id = rng.randrange(len(AGENCIES)) + 1
        agency = AGENCIES[agency_id - 1]
        published_at = base + timedelta(seconds=rng.random() * span)
        year = published_at.year
        form = rng.choice(FORMS)
        topic = rng.choice(TOPICS)
        title = f"{agency}关于{topic}的{form}"
        if rng.random() < 0.2:
            title = f"{year}年{title}"
        body_parts: list[str] = []
        for _ in range(rng.randint(2, 6)):
            sentences = list(rng.choice(paras))
            rng.shuffle(sentences)
            body_parts.append("".join(sentences))
        number = rng.randint(1, 400)
        body_parts.insert(0, f"{agency}〔{year}〕{number}号")
        if rng.random() < RARE_RATE * len(RARE):
            body_parts.insert(rng.randint(1, len(body_parts)), rng.choice(RARE))
        category = rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
        yield Item(
            object_id=object_id,
            title=title,
            body="\n".join(body_parts),
            agency_id=agency_id,
            facets={"category": category, "year": year, "five": rng.choice(FIVE), "form": form},
            published_at=published_at,
            url=f"/catalog/items/{object_id}/",
        )
