"""Audit event codes of disclosure on application: one enum, registered in ``FoiConfig.ready``.

The values are the codes stored in ``AuditEvent.event`` (never change one: old rows keep it);
the labels are what the audit page shows. Call sites pass the members:
``audit_log(event=FoiEvent.REGISTERED, ...)``. The codes of the case actions (``foi.<action>``)
are members too, one per ``enums.Action``, labelled "依申请公开：<action label>";
``FoiEvent.action(action)`` names the member of an action (a ValueError for an action without one:
a test checks every action has its member).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.audit.labels import action_label

from .enums import Action

# Subject of the action family ("依申请公开：<action label>").
_FOI = _("依申请公开")


class FoiEvent(models.TextChoices):
    APPEAL_CREATED = "foi.appeal_created", _("登记复议或诉讼")
    APPEAL_UPDATED = "foi.appeal_updated", _("更新复议或诉讼")
    ATTACHMENT_VIEWED = "foi.attachment_viewed", _("查看申请附件")
    CONSULTATION_ANSWERED = "foi.consultation_answered", _("第三方意见已答复")
    CONSULTATION_LAPSED = "foi.consultation_lapsed", _("第三方逾期未提出意见")
    EXTENDED = "foi.extended", _("延长答复期限")
    EXTENSION_REQUESTED = "foi.extension_requested", _("申请延长答复期限")
    FEE_REPLY = "foi.fee_reply", _("申请人答复收费通知")
    MASS_MARKED = "foi.mass_marked", _("标记为数量、频次明显超过合理范围的申请")
    OVERDUE_ESCALATED = "foi.overdue_escalated", _("逾期申请已督办")
    PERSONAL_DATA_VIEWED = "foi.personal_data_viewed", _("查看申请人完整个人信息")
    PROFILE_SAVED = "foi.profile_saved", _("保存申请办理设置")
    RECEIVED = "foi.received", _("收到在线申请")
    REGISTERED = "foi.registered", _("登记申请")
    REPEAT_LINKED = "foi.repeat_linked", _("关联重复申请")
    RECEIPT = "foi.receipt", _("发送申请回执")
    MASS_DELAY_SET = "foi.mass_delay_set", _("确定批量申请的合理答复期限")
    MASS_DELAY = "foi.mass_delay", _("批量申请延迟答复")
    FEE_NOTICE_RECEIVED = "foi.fee_notice_received", _("申请人收到收费通知")
    QUERY_CODE_RECOVERED = "foi.query_code_recovered", _("找回查询码")
    QUERY_CODE_RECOVERY = "foi.query_code_recovery", _("申请找回查询码")
    QUERY_CODE_RECOVERY_SENT = "foi.query_code_recovery_sent", _("发送找回的查询码")

    # foi.<Action>
    ACCEPT = "foi.accept", action_label(_FOI, Action.ACCEPT)
    REQUEST_SUPPLEMENT = "foi.request_supplement", action_label(_FOI, Action.REQUEST_SUPPLEMENT)
    SUPPLEMENT = "foi.supplement", action_label(_FOI, Action.SUPPLEMENT)
    ABANDON_SUPPLEMENT = "foi.abandon_supplement", action_label(_FOI, Action.ABANDON_SUPPLEMENT)
    CONSULT = "foi.consult", action_label(_FOI, Action.CONSULT)
    END_CONSULTATION = "foi.end_consultation", action_label(_FOI, Action.END_CONSULTATION)
    EXTEND = "foi.extend", action_label(_FOI, Action.EXTEND)
    FEE_NOTICE = "foi.fee_notice", action_label(_FOI, Action.FEE_NOTICE)
    FEE_PAID = "foi.fee_paid", action_label(_FOI, Action.FEE_PAID)
    ABANDON_FEE = "foi.abandon_fee", action_label(_FOI, Action.ABANDON_FEE)
    DRAFT = "foi.draft", action_label(_FOI, Action.DRAFT)
    REOPEN = "foi.reopen", action_label(_FOI, Action.REOPEN)
    SUBMIT_REVIEW = "foi.submit_review", action_label(_FOI, Action.SUBMIT_REVIEW)
    REVIEW_APPROVED = "foi.review_approved", action_label(_FOI, Action.REVIEW_APPROVED)
    REVIEW_RETURNED = "foi.review_returned", action_label(_FOI, Action.REVIEW_RETURNED)
    SEND = "foi.send", action_label(_FOI, Action.SEND)
    DELIVER = "foi.deliver", action_label(_FOI, Action.DELIVER)
    TRANSFER = "foi.transfer", action_label(_FOI, Action.TRANSFER)
    WITHDRAW = "foi.withdraw", action_label(_FOI, Action.WITHDRAW)

    @classmethod
    def action(cls, action: str) -> "FoiEvent":
        """The member of ``Action`` ``action`` (``foi.<action>``)."""
        return cls(f"foi.{action}")
