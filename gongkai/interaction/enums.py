"""Choices of the leader mailbox and hotline (领导信箱、县长热线、12345)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CONSULT = "consult", _("咨询")
    HELP = "help", _("求助")
    COMPLAINT = "complaint", _("投诉")
    SUGGESTION = "suggestion", _("建议")
    REPORT = "report", _("举报")


# Only a suggestion may be written anonymously (the others need someone to answer).
ANONYMOUS_KINDS = frozenset({Kind.SUGGESTION})


class Channel(models.TextChoices):
    MAILBOX = "mailbox", _("网上信箱")
    HOTLINE_12345 = "hotline_12345", _("12345热线")
    HOTLINE_COUNTY = "hotline_county", _("县长热线")
    COUNTER = "counter", _("来信来访登记")


HOTLINE_CHANNELS = (Channel.HOTLINE_12345, Channel.HOTLINE_COUNTY)


class Status(models.TextChoices):
    RECEIVED = "received", _("待研判")
    ASSIGNED = "assigned", _("待认领")
    HANDLING = "handling", _("办理中")
    DRAFTED = "drafted", _("答复待送审")
    UNDER_REVIEW = "under_review", _("答复审核中")
    REPLIED = "replied", _("已答复")
    REVIEWING = "reviewing", _("不满意复核中")
    CLOSED = "closed", _("已办结")
    OUT_OF_SCOPE = "out_of_scope", _("不予受理")
    MERGED = "merged", _("已合并")


OPEN_STATUSES = (
    Status.RECEIVED,
    Status.ASSIGNED,
    Status.HANDLING,
    Status.DRAFTED,
    Status.UNDER_REVIEW,
    Status.REVIEWING,
)
# Statuses in which the case has been answered (for the statistics and the public list).
ANSWERED_STATUSES = (Status.REPLIED, Status.REVIEWING, Status.CLOSED)


class Action(models.TextChoices):
    ROUTE = "route", _("交办")
    REJECT_SCOPE = "reject_scope", _("不予受理")
    MERGE = "merge", _("合并重复来信")
    CLAIM = "claim", _("认领")
    SEND_BACK = "send_back", _("退回")
    TRANSFER = "transfer", _("转办")
    EXTEND = "extend", _("延期")
    DRAFT = "draft", _("拟写答复")
    SUBMIT_REVIEW = "submit_review", _("送审")
    REVIEW_APPROVED = "review_approved", _("审核通过")
    REVIEW_RETURNED = "review_returned", _("审核退回")
    RATE_SATISFIED = "rate_satisfied", _("评价满意")
    RATE_DISSATISFIED = "rate_dissatisfied", _("评价不满意")
    UPHOLD = "uphold", _("复核维持")
    REDO = "redo", _("复核重办")
    CLOSE = "close", _("办结")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class ReplyKind(models.TextChoices):
    ANSWER = "answer", _("答复")
    EXPLANATION = "explanation", _("说明（无法解决的情况说明）")


class VisitMethod(models.TextChoices):
    PHONE = "phone", _("电话回访")
    SMS = "sms", _("短信回访")
    VISIT = "visit", _("上门回访")
    ONLINE = "online", _("网上回访")


class VisitResult(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")
    UNREACHABLE = "unreachable", _("未联系上")
