"""Kinds, states and actions of the policy lifecycle (征求意见 → 报送 → 同步审签 → 印发、解读)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyKind(models.TextChoices):
    NORMATIVE = "normative", _("规范性文件")
    MAJOR_DECISION = "major_decision", _("重大行政决策")


class PolicyState(models.TextChoices):
    DRAFTING = "drafting", _("起草中")
    CONSULTING = "consulting", _("公开征求意见中")
    CONSULTATION_CLOSED = "consultation_closed", _("征求意见已结束")
    SUBMITTED = "submitted", _("已报送政府办公室")
    RETURNED = "returned", _("已退文")
    SIGNOFF = "signoff", _("同步审签中")
    APPROVED = "approved", _("审签通过，待印发")
    RELEASING = "releasing", _("印发，发布审查中")
    RELEASED = "released", _("已印发并解读")


class PolicyAction(models.TextChoices):
    OPEN_CONSULTATION = "open_consultation", _("发布征求意见")
    CLOSE_CONSULTATION = "close_consultation", _("结束征求意见")
    SUBMIT = "submit", _("报送政府办公室")
    RETURN = "return", _("退文")
    AUTO_RETURN = "auto_return", _("材料不全，退文")
    ACCEPT = "accept", _("受理并送同步审签")
    SIGNOFF_APPROVED = "signoff_approved", _("审签通过")
    SIGNOFF_RETURNED = "signoff_returned", _("审签退回")
    ISSUE = "issue", _("印发并发布")
    RELEASE_PUBLISHED = "release_published", _("文件与解读同步公开")


class CommentChannel(models.TextChoices):
    ONLINE = "online", _("网上提交")
    POST = "post", _("信函")
    EMAIL = "email", _("电子邮件")
    PHONE = "phone", _("电话")
    MEETING = "meeting", _("座谈会、论证会")


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    SHOWN = "shown", _("已审核，公开显示")
    KEPT = "kept", _("已审核，不公开显示")
    REJECTED = "rejected", _("不予受理（无关或违规内容）")


class AdoptionDecision(models.TextChoices):
    UNDECIDED = "", _("尚未决定")
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("不予采纳")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("起草中")
    IN_REVIEW = "in_review", _("审核中")
    RETURNED = "returned", _("退回修改")
    PUBLISHED = "published", _("已公布")


class SubmissionOutcome(models.TextChoices):
    PENDING = "pending", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    RETURNED = "returned", _("已退文")


class InterpretationForm(models.TextChoices):
    TEXT = "text", _("文字解读")
    GRAPHIC = "graphic", _("图解")
    QA = "qa", _("问答")
    EXPERT = "expert", _("专家解读")
    ONLINE_INTERVIEW = "online_interview", _("在线访谈")
    PRESS_RELEASE = "press_release", _("新闻发布")
    MEDIA_INTERVIEW = "media_interview", _("媒体专访")


class InterpretationState(models.TextChoices):
    DRAFT = "draft", _("待发布")
    IN_REVIEW = "in_review", _("审核中")
    RETURNED = "returned", _("退回修改")
    PUBLISHED = "published", _("已发布")


class ExpertUseKind(models.TextChoices):
    INTERPRETATION = "interpretation", _("政策解读")
    CONSULTATION = "consultation", _("征求意见、论证")


class HearingKind(models.TextChoices):
    HEARING = "hearing", _("听证会")
    ATTENDANCE = "attendance", _("公众列席会议")


class HearingState(models.TextChoices):
    ANNOUNCED = "announced", _("已公告，接受报名")
    SELECTED = "selected", _("已确定参加人员")
    HELD = "held", _("已举行，记录已公开")
