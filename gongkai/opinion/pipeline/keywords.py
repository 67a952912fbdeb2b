"""Keywords of a post or an event: jieba words (with the register's names in its dictionary).

Used to group standalone posts into events (``state.TopicIndex``) and to show an event's
keywords. Only posts that start or may join an event by topic are segmented (jieba costs about
0.1 ms per 100 characters), not every repost.
"""

from __future__ import annotations

import re

from gongkai.core import text as core_text

# jieba.lcut over the shared dictionary (set up in gongkai.core.text), looked up once.
_lcut = core_text.jieba().lcut

MAX_TERMS = 30
_WORDY = re.compile(r"[\u4e00-\u9fff]")
_DIGITS = re.compile(r"^[\d.,:：%年月日号时分秒点]+$")

STOPWORDS = frozenset(
    """
    我们 你们 他们 她们 它们 自己 大家 什么 怎么 这个 那个 这些 那些 这样 那样 这里 那里 这么 那么 哪里
    一个 一些 一下 一点 一直 一起 一样 一次 没有 不是 就是 还是 但是 而且 因为 所以 如果 虽然 然后 已经 现在
    今天 昨天 明天 今年 去年 时候 时间 真的 可以 不能 不会 应该 需要 知道 觉得 认为 希望 可能 还有 其他 以及
    或者 并且 不过 只是 只有 而是 其中 之后 之前 以后 以前 目前 当时 这是 那是 就要 要求 进行 表示 通过
    对于 关于 根据 由于 为了 作为 发生 出现 情况 问题 事情 方面 工作 有关 相关 一定 非常 特别 十分 比较
    转发 微博 评论 回复 分享 图片 视频 链接 网页 全文 原文 查看 哈哈 哈哈哈 呵呵 转发微博 来自 客户端
    网友 记者 消息 报道 新闻 发布 日电 获悉 据悉 了解 目前为止
    """.split()  # noqa: SIM905
)


def terms(norm_text: str, names: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Distinct keywords of a normalised text, the given names (places, units, plan words) first."""
    out: dict[str, None] = {n: None for n in names if n}
    if norm_text:
        for word in _lcut(norm_text[:1000], HMM=False):
            if len(out) >= MAX_TERMS:
                break
            if len(word) < 2 or word in STOPWORDS or _DIGITS.match(word):
                continue
            if not _WORDY.search(word) and len(word) < 3:
                continue
            out[word] = None
    return list(out)[:MAX_TERMS]
