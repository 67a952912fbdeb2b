"""Choices of the oversight app (SPEC R1.4, R9.1–R9.3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ViolationType(models.TextChoices):
    """004 附件3 第五条 (一)–(七)."""

    NOT_DISCLOSED = "not_disclosed", _("不依法履行政府信息公开义务")
    WRONGLY_DISCLOSED = "wrongly_disclosed", _("公开不应当公开的政府信息")
    NOT_UPDATED = "not_updated", _("不及时更新公开内容、公开指南和公开目录")
    ILLEGAL_FEES = "illegal_fees", _("违反规定收取费用或有偿提供政府信息")
    SECRECY_LEAK = "secrecy_leak", _("未建立健全保密审查机制造成泄密")
    SERIOUS_CONSEQUENCES = "serious_consequences", _("应公开未公开造成上访或不稳定，未及时澄清虚假信息")
    COMPLAINTS_UNHANDLED = "complaints_unhandled", _("未及时处理群众的举报投诉")
    LATE_ANSWER = "late_answer", _("未在规定期限内答复或回应")
    OTHER = "other", _("违反本制度规定的其他行为")


class CaseSource(models.TextChoices):
    MANUAL = "manual", _("人工立案")
    FOI = "foi", _("依申请公开逾期答复")
    OPINION = "opinion", _("舆情回应逾期")
    CATALOG = "catalog", _("未经审查发布或逾期公开")
    INSPECTION = "inspection", _("检查不合格")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("已立案")
    UNDER_REVIEW = "under_review", _("审核中")
    DECIDED = "decided", _("已作出处理决定")
    CLOSED = "closed", _("已结案")


class CaseAction(models.TextChoices):
    SUBMIT = "submit", _("提交审核")
    REVIEW_APPROVED = "review_approved", _("审核通过")
    REVIEW_RETURNED = "review_returned", _("审核退回")
    CLOSE = "close", _("结案")


class Outcome(models.TextChoices):
    EDUCATION = "education", _("批评教育")
    CIRCULATED = "circulated", _("通报批评")
    INTERVIEW = "interview", _("约谈")
    RECTIFY = "rectify", _("责令整改")
    REFERRAL = "referral", _("移交纪检监察机关")
    NO_ACTION = "no_action", _("不予追究")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选")
    MULTIPLE = "multiple", _("多选")
    RATING = "rating", _("评分")
    TEXT = "text", _("文字意见")


class Dimension(models.TextChoices):
    """004 附件7 第四条."""

    TIMELINESS = "timeliness", _("及时性")
    ACCURACY = "accuracy", _("准确性")
    COMPLETENESS = "completeness", _("全面性")
    TRUTHFULNESS = "truthfulness", _("真实性")
    CONVENIENCE = "convenience", _("方便群众、服务群众")
    EFFECT = "effect", _("工作效率、透明度和依法行政水平")
    OTHER = "other", _("其他")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("征集中")
    CLOSED = "closed", _("已结束")


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("整改中")
    RECTIFIED = "rectified", _("已整改")
    EXPLAINED = "explained", _("已作出解释")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("测算中")
    PUBLISHED = "published", _("已发布")


class LineSource(models.TextChoices):
    AUTO = "auto", _("系统计算")
    MANUAL = "manual", _("人工录入")
