"""Audit event codes of the leader mailbox and hotline (registered in ``InteractionConfig.ready``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InteractionEvent(models.TextChoices):
    LETTER_RECEIVED = "interaction.letter.received", _("收到来信（来电）")
    LETTER_TRANSITION = "interaction.letter.transition", _("来信办理环节变更")
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
