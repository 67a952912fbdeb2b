"""Choices of the press app (新闻发布). Labels are what people read (zh-Hans)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonRole(models.TextChoices):
    SPOKESPERSON = "spokesperson", _("新闻发言人")
    LIAISON = "liaison", _("新闻联络员")


class FilingStatus(models.TextChoices):
    DRAFT = "draft", _("待报备")
    UNDER_REVIEW = "under_review", _("备案审核中")
    FILED = "filed", _("已备案")
    RETURNED = "returned", _("退回修改")
    ENDED = "ended", _("已变更（卸任）")


class FilingAction(models.TextChoices):
    SUBMIT = "submit", _("报新闻办备案")
    REVIEW_APPROVED = "review_approved", _("新闻办同意备案")
    REVIEW_RETURNED = "review_returned", _("新闻办退回")
    END = "end", _("卸任或被替换")


class ConferenceKind(models.TextChoices):
    CONFERENCE = "conference", _("新闻发布会")
    BRIEFING = "briefing", _("新闻吹风会")


class ConferenceStatus(models.TextChoices):
    DRAFT = "draft", _("策划中")
    UNDER_REVIEW = "under_review", _("报批中")
    APPROVED = "approved", _("已获批准")
    ANNOUNCED = "announced", _("已公告")
    HELD = "held", _("已举行")
    PUBLISHED = "published", _("已发布实录")
    REJECTED = "rejected", _("未获批准")
    CANCELLED = "cancelled", _("已取消")


class ConferenceAction(models.TextChoices):
    EDIT = "edit", _("修改方案")
    SUBMIT = "submit", _("报请审批")
    REVIEW_APPROVED = "review_approved", _("审批通过")
    REVIEW_RETURNED = "review_returned", _("退回修改")
    REVIEW_REJECTED = "review_rejected", _("不予批准")
    ANNOUNCE = "announce", _("在门户网站公告")
    HOLD = "hold", _("登记举行情况")
    PUBLISH = "publish", _("发布实录和音视频")
    CANCEL = "cancel", _("取消")


class MediaKind(models.TextChoices):
    VIDEO = "video", _("视频")
    AUDIO = "audio", _("音频")
    PHOTO = "photo", _("图片")
    MATERIAL = "material", _("发布材料")


class InterviewStatus(models.TextChoices):
    PLANNED = "planned", _("预告（征集问题）")
    LIVE = "live", _("正在访谈")
    CLOSED = "closed", _("访谈结束")
    PUBLISHED = "published", _("已发布实录")
    CANCELLED = "cancelled", _("已取消")


class InterviewAction(models.TextChoices):
    START = "start", _("开始访谈")
    CLOSE = "close", _("结束访谈")
    PUBLISH = "publish", _("发布实录")
    CANCEL = "cancel", _("取消")


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已显示")
    REJECTED = "rejected", _("不予显示")
    ANSWERED = "answered", _("已答复")


class DutyState(models.TextChoices):
    MET = "met", _("已达标")
    BEHIND = "behind", _("未达标")
    IN_PROGRESS = "in_progress", _("进行中")
    NO_RULE = "no_rule", _("无适用规定")
