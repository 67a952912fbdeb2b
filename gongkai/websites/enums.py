"""Choices of the websites and new-media register (SPEC R1.6)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    WEBSITE = "website", _("政府网站")
    WECHAT = "wechat", _("微信公众号")
    WEIBO = "weibo", _("微博")
    DOUYIN = "douyin", _("抖音")
    TOUTIAO = "toutiao", _("头条号")
    APP = "app", _("移动客户端（App）")
    OTHER = "other", _("其他平台")


class Status(models.TextChoices):
    PENDING = "pending", _("待开设（审核中）")
    OPEN = "open", _("运行中")
    SUSPENDED = "suspended", _("暂停更新")
    CLOSED = "closed", _("已关停")
    MERGED = "merged", _("已整合")


class Action(models.TextChoices):
    OPEN_APPROVED = "open_approved", _("批准开设")
    SUSPEND = "suspend", _("暂停更新")
    RESUME = "resume", _("恢复运行")
    CLOSE_APPROVED = "close_approved", _("批准关停")
    MERGE_APPROVED = "merge_approved", _("批准整合")


class ChangeKind(models.TextChoices):
    OPEN = "open", _("开设")
    CLOSE = "close", _("关停")
    MERGE = "merge", _("整合（并入其他账号或网站）")


class ChangeReason(models.TextChoices):
    """Grounds the national rules name for opening, integrating and closing (国办发〔2018〕123号 三;
    国办发〔2017〕47号《政府网站发展指引》)."""

    DUTY_NEED = "duty_need", _("履行政府职能、提供政务服务需要开设")
    REORGANISATION = "reorganisation", _("机构调整、撤并")
    FUNCTION_CHANGE = "function_change", _("职能调整，不再承担相关职责")
    INTENSIVE = "intensive", _("功能相近、用户关注度低，整合集约")
    UNMAINTAINED = "unmaintained", _("无力持续维护（长期不更新、整改后仍不合格）")
    OTHER = "other", _("其他（须写明理由）")


class ChangeState(models.TextChoices):
    PENDING = "pending", _("审核中")
    APPROVED = "approved", _("已批准")
    RETURNED = "returned", _("已退回")


class PostSource(models.TextChoices):
    FEED = "feed", _("订阅（RSS/Atom）")
    FILE = "file", _("文件导入")
    API = "api", _("接口推送")
    MANUAL = "manual", _("人工录入")


class FindingKind(models.TextChoices):
    UPDATE_GAP = "update_gap", _("内容不更新")
    LOW_SHARE = "low_share", _("政府信息占比不足")
    BROKEN_LINK = "broken_link", _("错链、断链")
    FORBIDDEN = "forbidden", _("违规内容（敏感词）")
    WRONG_NAME = "wrong_name", _("严重表述错误（名称、提法写错）")


class FindingState(models.TextChoices):
    OPEN = "open", _("待整改")
    RECTIFIED = "rectified", _("已整改")
    DISMISSED = "dismissed", _("经核实不属问题")


class FindingAction(models.TextChoices):
    RECTIFY = "rectify", _("登记整改")
    DISMISS = "dismiss", _("核实排除")
