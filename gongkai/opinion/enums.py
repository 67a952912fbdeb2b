"""Choices of public-opinion monitoring (政务舆情): sources, posts, warning levels, event statuses."""

from django.db import models


class SourceKind(models.TextChoices):
    """SPEC R5.1 (004 附件8 二(一); 001 (十)): where opinion is collected."""

    NEWS_PORTAL = "news_portal", "新闻门户网站"
    FORUM = "forum", "论坛"
    WEIBO = "weibo", "微博"
    WECHAT = "wechat", "微信"
    ONLINE_PETITION = "online_petition", "网络问政"
    HOTLINE = "hotline", "热线电话"
    MAILBOX = "mailbox", "领导信箱"
    NEWS_COMMENT = "news_comment", "新闻跟帖"
    PRESS = "press", "传统媒体"


# Kinds whose posts count as "media involvement" (004 附件8 二(二): 媒体介入程度).
MEDIA_SOURCE_KINDS = frozenset({SourceKind.NEWS_PORTAL, SourceKind.PRESS})


class PostKind(models.TextChoices):
    POST = "post", "原帖"
    COMMENT = "comment", "评论"
    REPOST = "repost", "转发"
    NEWS = "news", "新闻报道"
    CASE = "case", "来电来信"


# Kinds that carry a source post further (they join their source's event).
FOLLOW_KINDS = frozenset({PostKind.COMMENT, PostKind.REPOST})


class Language(models.TextChoices):
    SIMPLIFIED = "zh-hans", "简体中文"
    TRADITIONAL = "zh-hant", "繁体中文"
    OTHER = "other", "其他语言"
    EMPTY = "", "无文本"


class DuplicateKind(models.TextChoices):
    NONE = "", "非重复"
    EXACT = "exact", "完全重复"
    NEAR = "near", "近似重复"


class LinkMethod(models.TextChoices):
    """How a post joined its thread (the source post it carries further)."""

    NONE = "", "独立"
    LINK = "link", "转发/回复链接"
    SIMILARITY = "similarity", "文本相似"
    DUPLICATE = "duplicate", "重复内容"


class WarningLevel(models.TextChoices):
    """Four warning levels (北京市人民政府办公厅 2014年2月19日通知 二(五), seed 003):
    一般性问题 / 社会热点事件 / 复杂敏感事件 / 重大突发事件 → 蓝 / 黄 / 橙 / 红."""

    BLUE = "blue", "蓝色预警（一般性问题）"
    YELLOW = "yellow", "黄色预警（社会热点事件）"
    ORANGE = "orange", "橙色预警（复杂敏感事件）"
    RED = "red", "红色预警（重大突发事件）"


LEVEL_ORDER = {WarningLevel.BLUE: 0, WarningLevel.YELLOW: 1, WarningLevel.ORANGE: 2, WarningLevel.RED: 3}
LEVEL_SHORT = {
    WarningLevel.BLUE: "蓝色",
    WarningLevel.YELLOW: "黄色",
    WarningLevel.ORANGE: "橙色",
    WarningLevel.RED: "红色",
}
LEVEL_MEANING = {
    WarningLevel.BLUE: "一般性问题",
    WarningLevel.YELLOW: "社会热点事件",
    WarningLevel.ORANGE: "复杂敏感事件",
    WarningLevel.RED: "重大突发事件",
}
# Levels at which the response side routes the event and the coordinators are alerted.
RAISED_LEVELS = frozenset({WarningLevel.ORANGE, WarningLevel.RED})


class EmergencyGrade(models.TextChoices):
    """The grade of an emergency (突发事件) an event is about, classified by a person.

    《突发事件应对法》 art. 3: 特别重大、重大、较大和一般四级. Only the grades of the rule
    ``opinion.major_emergency_grades`` (特别重大、重大: 国办发〔2016〕61号 三, 80号 三(四)) put the 5 h /
    24 h clocks on an event; any other event gets the ordinary response clock.
    """

    UNCLASSIFIED = "", "未定级"
    NOT_EMERGENCY = "none", "不属于突发事件"
    PARTICULARLY_SERIOUS = "particularly_serious", "特别重大突发事件"
    SERIOUS = "serious", "重大突发事件"
    LARGER = "larger", "较大突发事件"
    GENERAL = "general", "一般突发事件"


class EventStatus(models.TextChoices):
    ACTIVE = "active", "监测中"
    CLOSED = "closed", "已结束"
    DISMISSED = "dismissed", "已排除（无关或误报）"


class EventAction(models.TextChoices):
    CLOSE = "close", "结束监测"
    DISMISS = "dismiss", "排除"
    REOPEN = "reopen", "恢复监测"


class LevelChangeKind(models.TextChoices):
    AUTO = "auto", "自动研判"
    MANUAL = "manual", "人工调整"


class FeedStatus(models.TextChoices):
    NEVER = "", "尚未抓取"
    OK = "ok", "正常"
    NOT_MODIFIED = "not_modified", "无更新"
    ERROR = "error", "抓取失败"
