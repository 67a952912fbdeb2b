"""Audit event codes of the leader mailbox and hotline (registered in ``InteractionConfig.ready``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.audit.labels import action_label
from gongkai.interaction.enums import Action

_LETTER = _("来信")


class InteractionEvent(models.TextChoices):
    LETTER_RECEIVED = "interaction.letter.received", _("收到来信（来电）")
    # interaction.letter.<Action>: one member per action of the transition table.
    LETTER_ROUTE = "interaction.letter.route", action_label(_LETTER, Action.ROUTE)
    LETTER_REJECT_SCOPE = "interaction.letter.reject_scope", action_label(_LETTER, Action.REJECT_SCOPE)
    LETTER_MERGE = "interaction.letter.merge", action_label(_LETTER, Action.MERGE)
    LETTER_CLAIM = "interaction.letter.claim", action_label(_LETTER, Action.CLAIM)
    LETTER_SEND_BACK = "interaction.letter.send_back", action_label(_LETTER, Action.SEND_BACK)
    LETTER_TRANSFER = "interaction.letter.transfer", action_label(_LETTER, Action.TRANSFER)
    LETTER_EXTEND = "interaction.letter.extend", action_label(_LETTER, Action.EXTEND)
    LETTER_DRAFT = "interaction.letter.draft", action_label(_LETTER, Action.DRAFT)
    LETTER_SUBMIT_REVIEW = "interaction.letter.submit_review", action_label(_LETTER, Action.SUBMIT_REVIEW)
    LETTER_REVIEW_APPROVED = "interaction.letter.review_approved", action_label(_LETTER, Action.REVIEW_APPROVED)
    LETTER_REVIEW_RETURNED = "interaction.letter.review_returned", action_label(_LETTER, Action.REVIEW_RETURNED)
    LETTER_RATE_SATISFIED = "interaction.letter.rate_satisfied", action_label(_LETTER, Action.RATE_SATISFIED)
    LETTER_RATE_DISSATISFIED = "interaction.letter.rate_dissatisfied", action_label(_LETTER, Action.RATE_DISSATISFIED)
    LETTER_UPHOLD = "interaction.letter.uphold", action_label(_LETTER, Action.UPHOLD)
    LETTER_REDO = "interaction.letter.redo", action_label(_LETTER, Action.REDO)
    LETTER_CLOSE = "interaction.letter.close", action_label(_LETTER, Action.CLOSE)
    LETTER_MERGED = "interaction.letter.merged", _("合并重复来信")
    LETTER_RATED = "interaction.letter.rated", _("来信人评价答复")
    LETTER_PUBLISHED = "interaction.letter.published", _("公开来信及答复")
    LETTER_UNPUBLISHED = "interaction.letter.unpublished", _("撤回公开的来信")
    PERSONAL_DATA_VIEWED = "interaction.personal_data.viewed", _("查看来信人个人信息")
    RETURN_VISIT = "interaction.return_visit.recorded", _("记录回访")
    ROUTING_RULE_SAVED = "interaction.routing_rule.saved", _("保存交办规则")
    ROUTING_RULE_DELETED = "interaction.routing_rule.deleted", _("删除交办规则")
    HOTLINE_IMPORTED = "interaction.hotline.imported", _("导入热线工单")
    OPINION_RAISED = "interaction.opinion.raised", _("来信涉及舆情，报送舆情事件")
    QUERY_CODE_FAILED = "interaction.query.failed", _("来信查询失败")
    STAFF_NOTICE = "interaction.staff_notice", _("来信办理提醒")
    # Messages to the writer (notifications outbox).
    NOTICE_RECEIPT = "interaction.receipt", _("来信回执")
    NOTICE_OUT_OF_SCOPE = "interaction.out_of_scope", _("来信不予受理告知")
    NOTICE_MERGED = "interaction.merged", _("来信合并办理告知")
    NOTICE_EXTENDED = "interaction.extended", _("延长答复期限告知")
    NOTICE_REPLIED = "interaction.replied", _("来信答复")
    NOTICE_UPHELD = "interaction.upheld", _("不满意复核维持告知")
    NOTICE_REDO = "interaction.redo", _("不满意复核重办告知")

    @classmethod
    def letter_action(cls, action: str) -> "InteractionEvent":
        """The member of ``Action`` ``action`` (``interaction.letter.<action>``)."""
        return cls(f"interaction.letter.{action}")
