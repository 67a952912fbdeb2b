"""Audit event codes of the opinion app: one enum, registered in ``OpinionConfig.ready``.

The values are the codes stored in ``AuditEvent.event`` (never change one: old rows keep it);
the labels are what the audit page shows. Call sites pass the members:
``audit_log(event=OpinionEvent.ACCOUNTABILITY, ...)``.
Codes built from an action enum (``opinion.event.<action>``) are members too, one per action, labelled
"<subject>：<action label>"; ``OpinionEvent.event_action(action)`` names the member of an action
(a ValueError for an action without one: a test checks every action has its member).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.audit.labels import action_label
from gongkai.opinion.enums import EventAction
from gongkai.opinion.response.enums import AssignmentAction, ResponseAction

# Subjects of the action families ("<subject>：<action label>").
_EVENT = _("舆情事件")
_ASSIGNMENT = _("舆情交办")
_RESPONSE = _("舆情回应")


class OpinionEvent(models.TextChoices):
    ACCOUNTABILITY = "opinion.accountability", _("舆情问责通报")
    ACCOUNTABILITY_RECORDED = "opinion.accountability_recorded", _("登记通报、约谈记录")
    ALIAS_CREATED = "opinion.alias.created", _("新增单位别名")
    ALIAS_DELETED = "opinion.alias.deleted", _("删除单位别名")
    ASSIGNMENT_CLAIMED = "opinion.assignment_claimed", _("认领交办")
    ASSIGNMENT_CREATED = "opinion.assignment_created", _("交办舆情事件")
    CLOCK_ESCALATED = "opinion.clock_escalated", _("回应时限逾期督办")
    CLOCK_MOVED = "opinion.clock_moved", _("调整回应时限")
    CLOCK_STOPPED = "opinion.clock_stopped", _("停止回应计时")
    CLOCK_SUPERSEDED = "opinion.clock_superseded", _("回应时限被替代")
    EMERGENCY_GRADED = "opinion.emergency_graded", _("确定突发事件等级")
    EVENT_LEVEL_CHANGED = "opinion.event.level_changed", _("调整预警等级")
    EVENT_ROUTED = "opinion.event_routed", _("舆情事件已交办")
    FEEDBACK_PUBLICATION_DRAFTED = "opinion.feedback_publication_drafted", _("起草采纳情况反馈")
    FEEDBACK_RECORDED = "opinion.feedback_recorded", _("登记公众反馈")
    IMPORT_FILE = "opinion.import.file", _("导入舆情数据文件")
    MEETING = "opinion.meeting", _("舆情会商")
    MEETING_RECORDED = "opinion.meeting_recorded", _("登记会商记录")
    PLAN_CREATED = "opinion.plan.created", _("新建监测方案")
    PLAN_DELETED = "opinion.plan.deleted", _("删除监测方案")
    PLAN_UPDATED = "opinion.plan.updated", _("修改监测方案")
    REPORT = "opinion.report", _("舆情专报")
    REPORT_ISSUED = "opinion.report_issued", _("报送舆情专报")
    REPORT_READ = "opinion.report_read", _("阅知舆情专报")
    RESPONSE_CREATED = "opinion.response_created", _("起草回应")
    RESPONSE_UPDATED = "opinion.response_updated", _("修改回应")
    RISK_ASSESSMENT_CONCLUDED = "opinion.risk_assessment_concluded", _("完成风险评估")
    RISK_ASSESSMENT_CREATED = "opinion.risk_assessment_created", _("新建风险评估")
    RISK_ASSESSMENT_UPDATED = "opinion.risk_assessment_updated", _("修改风险评估")
    RISK_HIGH = "opinion.risk_high", _("风险评估为高风险")
    ROUTING_RULE_CREATED = "opinion.routing_rule_created", _("新建交办规则")
    ROUTING_RULE_DELETED = "opinion.routing_rule_deleted", _("删除交办规则")
    ROUTING_RULE_UPDATED = "opinion.routing_rule_updated", _("修改交办规则")
    RUMOUR_LEAD = "opinion.rumour_lead", _("谣言线索")
    RUMOUR_LEAD_HANDED = "opinion.rumour_lead_handed", _("移交谣言线索")
    RUMOUR_LEAD_RESULT = "opinion.rumour_lead_result", _("登记谣言线索处理结果")
    SOURCE_CREATED = "opinion.source.created", _("新建舆情来源")
    SOURCE_TOKEN_ISSUED = "opinion.source.token_issued", _("签发来源接口令牌")
    SOURCE_TOKEN_REVOKED = "opinion.source.token_revoked", _("吊销来源接口令牌")
    SOURCE_UPDATED = "opinion.source.updated", _("修改舆情来源")
    WARNING = "opinion.warning", _("舆情预警")
    WARNING_RAISED = "opinion.warning_raised", _("发出舆情预警")
    WEBHOOK_CREATED = "opinion.webhook_created", _("新建预警推送地址")
    WEBHOOK_RETRIED = "opinion.webhook_retried", _("重新推送预警")
    WEBHOOK_UPDATED = "opinion.webhook_updated", _("修改预警推送地址")

    # opinion.event.<EventAction>
    EVENT_CLOSE = "opinion.event.close", action_label(_EVENT, EventAction.CLOSE)
    EVENT_DISMISS = "opinion.event.dismiss", action_label(_EVENT, EventAction.DISMISS)
    EVENT_REOPEN = "opinion.event.reopen", action_label(_EVENT, EventAction.REOPEN)

    # opinion.assignment_<AssignmentAction>
    ASSIGNMENT_CLAIM = "opinion.assignment_claim", action_label(_ASSIGNMENT, AssignmentAction.CLAIM)
    ASSIGNMENT_RESPOND = "opinion.assignment_respond", action_label(_ASSIGNMENT, AssignmentAction.RESPOND)
    ASSIGNMENT_WITHDRAW = "opinion.assignment_withdraw", action_label(_ASSIGNMENT, AssignmentAction.WITHDRAW)
    ASSIGNMENT_REASSIGN = "opinion.assignment_reassign", action_label(_ASSIGNMENT, AssignmentAction.REASSIGN)

    # opinion.response_<ResponseAction>
    RESPONSE_SUBMIT = "opinion.response_submit", action_label(_RESPONSE, ResponseAction.SUBMIT)
    RESPONSE_RETURN = "opinion.response_return", action_label(_RESPONSE, ResponseAction.RETURN)
    RESPONSE_RESUBMIT = "opinion.response_resubmit", action_label(_RESPONSE, ResponseAction.RESUBMIT)
    RESPONSE_PUBLISH = "opinion.response_publish", action_label(_RESPONSE, ResponseAction.PUBLISH)
    RESPONSE_REJECT = "opinion.response_reject", action_label(_RESPONSE, ResponseAction.REJECT)
    RESPONSE_CANCEL = "opinion.response_cancel", action_label(_RESPONSE, ResponseAction.CANCEL)
    RESPONSE_WITHDRAW = "opinion.response_withdraw", action_label(_RESPONSE, ResponseAction.WITHDRAW)

    @classmethod
    def event_action(cls, action: str) -> "OpinionEvent":
        """The member of ``EventAction`` ``action`` (``opinion.event.<action>``)."""
        return cls(f"opinion.event.{action}")

    @classmethod
    def assignment_action(cls, action: str) -> "OpinionEvent":
        """The member of ``AssignmentAction`` ``action`` (``opinion.assignment_<action>``)."""
        return cls(f"opinion.assignment_{action}")

    @classmethod
    def response_action(cls, action: str) -> "OpinionEvent":
        """The member of ``ResponseAction`` ``action`` (``opinion.response_<action>``)."""
        return cls(f"opinion.response_{action}")
