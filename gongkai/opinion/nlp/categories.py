"""The SPEC R5.2 category of a post by weak supervision: cited seed phrases plus a documented lexicon.

There is no labelled data for these categories, so this is a transparent rule set, not a learnt model.
Each category has phrases with a weight (strong 1.0: the phrase nearly decides; medium 0.6; weak 0.3:
a hint that needs company). A category's score is ``1 - exp(-sum of the weights of the distinct phrases
found)``. The category of a post is "higher level ordered" or "rumour" when their score reaches
``DECISIVE_SCORE`` (see below); otherwise the best-scoring category when its score reaches
``THRESHOLD`` (at least one strong phrase, or a medium one), else ``None``. Every hit is returned as evidence
("谣言: 网传"), so a person sees why.

Where the phrases come from:
- the categories themselves: SPEC R5.2; 国办发〔2016〕61号 as quoted in seed 001 (四) ("对政府及其部门重大政策
  措施存在误解误读的、涉及公众切身利益且产生较大影响的、涉及民生领域严重冲击社会道德底线的、涉及突发事件处置和自然
  灾害应对的、上级政府要求下级政府主动回应的") and seed 002 三(二) ("涉及公众切身利益且可能产生较大影响的媒体报道;
  … 涉及重大突发事件处置和自然灾害应对的舆情信息;严重冲击社会道德底线的舆情信息;严重危害社会秩序和国家利益的不实
  信息"); seed 001 (五)/(十) for rumours ("造谣传谣", "歪曲和谣言类信息", "消除谣言"); seed 002 三(三) ("虚假和
  不实信息"). Those phrases are marked ``# seed`` below.
- the rest are the project's own additions: the words in which such posts are usually written (a
  complaint about a demolition says 拆迁/补偿, not 公众切身利益). They are a starting point to be tuned
  on real, labelled posts once the platform has them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

STRONG, MEDIUM, WEAK = 1.0, 0.6, 0.3
THRESHOLD = 0.45
# A post that a higher level ordered answered, or that spreads a rumour, is handled by its own rule
# (the higher level's deadline; R5.7 leads to the police), whatever its subject: with a strong cue
# (score ≥ DECISIVE_SCORE: one strong phrase, or a medium one with company) these categories decide.
DECISIVE = ("higher_level_order", "rumour")
DECISIVE_SCORE = 0.6

# Stable keys (used in data and code) → the Chinese label shown to people.
LABELS = {
    "policy_misread": "政策误读",
    "public_interest": "公共利益",
    "moral_bottom_line": "道德底线",
    "emergency_disaster": "突发事件/自然灾害",
    "higher_level_order": "上级交办",
    "rumour": "谣言",
}

LEXICON: dict[str, dict[str, float]] = {
    "policy_misread": {
        # seed 001 (四), 002 二(三): 误解误读, 解读, 解疑释惑
        "误解": STRONG, "误读": STRONG, "曲解": STRONG, "解读": MEDIUM, "解疑释惑": MEDIUM,  # seed
        "断章取义": STRONG, "歪曲政策": STRONG, "看不懂": MEDIUM, "什么意思": WEAK, "是不是真的要": MEDIUM,
        "新规": MEDIUM, "新政": MEDIUM, "政策": MEDIUM, "文件规定": MEDIUM, "出台": WEAK, "施行": WEAK,
        "实施细则": MEDIUM, "征求意见稿": MEDIUM, "一刀切": MEDIUM, "取消": WEAK, "调整": WEAK,
        "延迟退休": MEDIUM, "个税": WEAK, "社保": WEAK, "医保": WEAK, "落户": WEAK, "限购": WEAK,
        "补贴标准": MEDIUM, "收费标准": WEAK, "政策解读": STRONG, "理解有误": STRONG, "并非": WEAK,
        "没看懂": MEDIUM, "文件": WEAK, "通知": WEAK, "规定": WEAK, "以为": WEAK, "别慌": WEAK,
        "不是这个意思": STRONG, "讲明白": MEDIUM, "说清楚": WEAK, "原文": MEDIUM, "图解": MEDIUM,
    },
    "public_interest": {
        # seed 001 (四), 002 三(二), 002 四(二): 切身利益, 公共利益, 公众权益, 民生
        "切身利益": STRONG, "公共利益": STRONG, "公众权益": STRONG, "民生": MEDIUM,  # seed
        "拆迁": MEDIUM, "征地": MEDIUM, "补偿款": MEDIUM, "安置": WEAK, "物业": WEAK, "业主": WEAK,
        "停水": MEDIUM, "停电": MEDIUM, "涨价": MEDIUM, "乱收费": MEDIUM, "学区": WEAK, "入学": WEAK,
        "污染": MEDIUM, "排污": MEDIUM, "臭味": MEDIUM, "噪音": WEAK, "饮用水": MEDIUM, "水质": WEAK,
        "拖欠工资": MEDIUM, "欠薪": MEDIUM, "养老金": WEAK, "公交": WEAK, "烂尾": MEDIUM, "维权": MEDIUM,
        "垃圾": WEAK, "村民": WEAK, "居民": WEAK, "小区": WEAK, "看病难": MEDIUM, "上学难": MEDIUM,
        "断水": MEDIUM, "修路": WEAK, "占道": WEAK, "补偿": WEAK,
        "农民工": MEDIUM, "拖欠": MEDIUM, "工资": WEAK, "受影响": WEAK, "上不了": WEAK, "家庭": WEAK,
    },
    "moral_bottom_line": {
        # seed 001 (四), 002 三(二): 冲击社会道德底线
        "道德底线": STRONG, "社会道德": STRONG,  # seed
        "虐童": STRONG, "虐待": STRONG, "性侵": STRONG, "猥亵": STRONG, "霸凌": STRONG, "欺凌": MEDIUM,
        "遗弃": MEDIUM, "弃婴": STRONG, "不赡养": STRONG, "见死不救": STRONG, "冷漠": MEDIUM,
        "丧尽天良": STRONG, "没有人性": STRONG, "令人发指": STRONG, "天理何在": MEDIUM, "良心": MEDIUM,
        "黑心": MEDIUM, "地沟油": STRONG, "毒奶粉": STRONG, "假药": MEDIUM, "掺假": MEDIUM, "病死猪": STRONG,
        "暴力执法": MEDIUM, "殴打": MEDIUM, "打老人": STRONG, "老人被打": STRONG, "辱骂": WEAK, "畜生": MEDIUM,
        "寒心": WEAK, "禽兽": MEDIUM, "赶出家门": STRONG, "不孝": STRONG, "围观": WEAK, "没有一个人": WEAK,
        "人渣": MEDIUM, "看不下去": MEDIUM,
    },
    "emergency_disaster": {
        # seed 001 (四)/(十四), 002 三(二)/(四): 突发事件, 自然灾害, 重大突发事件
        "突发事件": STRONG, "自然灾害": STRONG, "突发": MEDIUM, "灾害": MEDIUM,  # seed
        "爆炸": STRONG, "火灾": STRONG, "起火": STRONG, "着火": MEDIUM, "坍塌": STRONG, "塌方": STRONG,
        "塌陷": STRONG, "地陷": STRONG, "地震": STRONG, "洪水": STRONG, "洪涝": STRONG, "暴雨": MEDIUM,
        "山洪": STRONG, "泥石流": STRONG, "滑坡": STRONG, "台风": MEDIUM, "冰雹": MEDIUM, "干旱": MEDIUM,
        "车祸": MEDIUM, "交通事故": MEDIUM, "翻车": MEDIUM, "溺水": MEDIUM, "中毒": MEDIUM, "疫情": MEDIUM,
        "泄漏": STRONG, "伤亡": STRONG, "遇难": STRONG, "死亡": MEDIUM, "受伤": MEDIUM, "被困": MEDIUM,
        "救援": MEDIUM, "失联": MEDIUM, "矿难": STRONG, "踩踏": STRONG, "事故": MEDIUM, "浓烟": MEDIUM,
        "决堤": STRONG, "停运": WEAK, "积水": WEAK, "决口": STRONG, "震感": STRONG, "紧急转移": STRONG,
        "追尾": MEDIUM, "重伤": MEDIUM, "消防": MEDIUM, "救护车": WEAK, "大风": WEAK, "刮倒": MEDIUM,
    },
    "higher_level_order": {
        # seed 001 (四): 上级政府要求下级政府主动回应; SPEC R5.2: cases a higher level orders answered
        "上级政府要求": STRONG, "主动回应": MEDIUM, "上级": MEDIUM,  # seed
        "交办": STRONG, "督办": STRONG, "转办": STRONG, "批示": STRONG, "责成": STRONG, "督查": MEDIUM,
        "限期回复": STRONG, "限期回应": STRONG, "限期办结": STRONG, "要求回应": MEDIUM, "要求核实": MEDIUM,
        "领导留言板": STRONG, "省长信箱": MEDIUM, "市长信箱": MEDIUM, "国务院": MEDIUM, "省政府": WEAK,
        "市政府": WEAK, "巡视组": MEDIUM, "督查组": STRONG, "转来": MEDIUM, "核查": WEAK, "回复": WEAK,
        "来函": MEDIUM, "上报": WEAK, "作出回应": MEDIUM, "工单": MEDIUM, "承办单位": MEDIUM,
    },
    "rumour": {
        # seed 001 (五)/(十), 002 三(三): 造谣传谣, 谣言, 不实信息, 虚假和不实信息
        "谣言": STRONG, "造谣": STRONG, "传谣": STRONG, "不实信息": STRONG, "虚假信息": STRONG,  # seed
        "辟谣": STRONG, "谣传": STRONG, "网传": MEDIUM, "据传": MEDIUM, "传言": MEDIUM, "疯传": MEDIUM,
        "紧急扩散": STRONG, "转发扩散": STRONG, "求扩散": STRONG, "速转": MEDIUM, "扩散": WEAK, "内部消息": MEDIUM,
        "千真万确": MEDIUM, "不转不是": STRONG, "是真的吗": MEDIUM, "真的假的": MEDIUM, "假消息": STRONG,
        "听说": WEAK, "恐慌": WEAK, "抢购": WEAK, "求证": MEDIUM, "假的": WEAK, "朋友圈": WEAK,
        "网上传": MEDIUM, "别信": MEDIUM, "没有依据": MEDIUM, "不要再转发": MEDIUM, "根本没有": WEAK,
    },
}  # fmt: skip

_PHRASES = {p: (c, w) for c, lex in LEXICON.items() for p, w in lex.items()}
# One alternation, longest phrase first: a single pass per text finds every non-overlapping phrase.
_PATTERN = re.compile("|".join(re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True)))
_ORDER = tuple(LABELS)
_ZERO = dict.fromkeys(_ORDER, 0.0)


@dataclass(frozen=True)
class CategoryResult:
    scores: dict[str, float]
    category: str | None
    evidence: list[str]


def categorise(text: str) -> CategoryResult:
    """Scores per category, the chosen category (or None) and the evidence, for a normalised text."""
    phrases = _PATTERN.findall(text) if text else ()
    if not phrases:
        return CategoryResult(dict(_ZERO), None, [])
    found: dict[str, dict[str, float]] = {}
    for phrase in phrases:
        cat, weight = _PHRASES[phrase]
        found.setdefault(cat, {})[phrase] = weight
    scores = dict.fromkeys(_ORDER, 0.0)
    for cat, hits in found.items():
        scores[cat] = round(1.0 - math.exp(-sum(hits.values())), 4)
    category = None
    for decisive in DECISIVE:  # a strong cue of these decides, whatever else the post mentions
        if scores[decisive] >= DECISIVE_SCORE:
            category = decisive
            break
    if category is None:
        best = max(_ORDER, key=lambda c: scores[c])  # ties: the earlier category of R5.2
        category = best if scores[best] >= THRESHOLD else None
    evidence = [f"{LABELS[c]}: {p}" for c in _ORDER for p in found.get(c, {})]
    return CategoryResult(scores, category, evidence)
