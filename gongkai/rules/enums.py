"""Choices of the rules app: value kinds, calendar day kinds, deadline units and states."""

from django.db import models


class ValueKind(models.TextChoices):
    """What a rule record's ``value`` holds (the registry says which kind each key has)."""

    WORKING_DAYS = "working_days", "工作日"
    HOURS = "hours", "小时"
    DAYS = "days", "自然日"
    COUNT = "count", "数量"
    PERCENT = "percent", "百分比"
    MONTH_DAY = "month_day", "日期（月-日）"
    JSON = "json", "结构化数据"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "调休上班"


class YearStatus(models.TextChoices):
    OFFICIAL = "official", "正式"
    PROVISIONAL = "provisional", "暂定"


class DeadlineUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "工作日"
    HOURS = "hours", "小时"
    # Calendar days (e.g. 《重大行政决策程序暂行条例》 art. 15: "不少于30日").
    DAYS = "days", "自然日"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "计时中"
    PAUSED = "paused", "暂停计时"
    CLOSED = "closed", "已结束"


class DeadlineAction(models.TextChoices):
    PAUSE = "pause", "暂停计时"
    RESUME = "resume", "恢复计时"
    EXTEND = "extend", "延长期限"
    CLOSE = "close", "结束计时"


class DeadlineState(models.TextChoices):
    """Derived from status, due_at and the current time; never stored."""

    ON_TRACK = "on_track", "正常"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已逾期"
    PAUSED = "paused", "暂停计时"
    CLOSED = "closed", "已结束"
    UNDETERMINED = "undetermined", "到期时间待定"
