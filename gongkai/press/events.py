"""Audit event codes of the press app (registered in ``PressConfig.ready``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PressEvent(models.TextChoices):
    FILING_CREATED = "press.filing.created", _("登记新闻发言人（联络员）")
    FILING_TRANSITION = "press.filing.transition", _("新闻发言人备案状态变更")
    CONFERENCE_PLANNED = "press.conference.planned", _("策划新闻发布会")
    CONFERENCE_UPDATED = "press.conference.updated", _("修改新闻发布会方案")
    CONFERENCE_TRANSITION = "press.conference.transition", _("新闻发布会状态变更")
    CONFERENCE_OPINION_CLOCK = "press.conference.opinion_clock", _("新闻发布会回应舆情（24小时时限）")
    MEDIA_UPLOADED = "press.media.uploaded", _("上传发布会音视频、图片或材料")
    MEDIA_REMOVED = "press.media.removed", _("删除发布会音视频、图片或材料")
    INTERVIEW_PLANNED = "press.interview.planned", _("策划在线访谈")
    INTERVIEW_TRANSITION = "press.interview.transition", _("在线访谈状态变更")
    QUESTION_SUBMITTED = "press.question.submitted", _("网民提交访谈问题")
    QUESTION_MODERATED = "press.question.moderated", _("审核访谈问题")
    QUESTION_ANSWERED = "press.question.answered", _("答复访谈问题")
    REMINDERS_SENT = "press.reminders.sent", _("发送新闻发布频次提醒")
