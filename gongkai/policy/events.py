"""The audit event codes of the policy lifecycle (one enum, registered in ``PolicyConfig.ready``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyEvent(models.TextChoices):
    DRAFT_CREATED = "policy.draft.created", _("起草政策文件")
    DRAFT_UPDATED = "policy.draft.updated", _("修改政策文件草案")
    TRANSITION = "policy.draft.transition", _("政策文件状态变更")
    COMMENT_RECEIVED = "policy.comment.received", _("收到公众意见")
    COMMENT_REGISTERED = "policy.comment.registered", _("登记线下意见")
    COMMENT_CONTACT_VIEWED = "policy.comment.contact_viewed", _("查看意见人联系方式")
    COMMENT_MODERATED = "policy.comment.moderated", _("审核公众意见")
    COMMENTS_GROUPED = "policy.comment.grouped", _("意见归类")
    GROUP_DECIDED = "policy.group.decided", _("决定意见采纳情况")
    REPORT_SUBMITTED = "policy.report.submitted", _("提交采纳情况报告审核")
    REPORT_PUBLISHED = "policy.report.published", _("公布采纳情况")
    REPORT_RETURNED = "policy.report.returned", _("采纳情况报告退回修改")
    SUBMISSION_MADE = "policy.submission.made", _("报送代拟稿")
    SUBMISSION_RETURNED = "policy.submission.returned", _("退文")
    SUBMISSION_ACCEPTED = "policy.submission.accepted", _("受理代拟稿")
    INTERPRETATION_SAVED = "policy.interpretation.saved", _("保存政策解读")
    INTERPRETATION_PUBLISHED = "policy.interpretation.published", _("发布政策解读")
    EXPERT_SAVED = "policy.expert.saved", _("保存解读专家")
    EXPERT_CONTACT_VIEWED = "policy.expert.contact_viewed", _("查看专家联系方式")
    EXPERT_USED = "policy.expert.used", _("记录专家参与")
    HEARING_ANNOUNCED = "policy.hearing.announced", _("公告听证会或列席会议")
    HEARING_SIGNUP = "policy.hearing.signup", _("报名参加听证或列席")
    HEARING_SELECTED = "policy.hearing.selected", _("确定听证、列席人员")
    HEARING_RECORDED = "policy.hearing.recorded", _("记录听证、列席会议")
