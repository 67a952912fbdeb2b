"""Audit event codes of the rules app: one enum, registered in ``RulesConfig.ready``.

The values are the codes stored in ``AuditEvent.event`` (never change one: old rows keep it);
the labels are what the audit page shows. Call sites pass the members:
``audit_log(event=RulesEvent.CALENDAR_DAY_ADDED, ...)``.
Codes built from an action enum (``deadline.<action>``) are members too, one per action, labelled
"<subject>：<action label>"; ``RulesEvent.deadline_action(action)`` names the member of an action
(a ValueError for an action without one: a test checks every action has its member).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.audit.labels import action_label
from gongkai.rules.enums import DeadlineAction

# Subjects of the action families ("<subject>：<action label>").
_DEADLINE = _("期限")


class RulesEvent(models.TextChoices):
    CALENDAR_DAY_ADDED = "calendar.day_added", _("新增节假日安排")
    CALENDAR_DAY_CORRECTED = "calendar.day_corrected", _("更正节假日安排")
    CALENDAR_DAY_DELETED = "calendar.day_deleted", _("删除节假日安排")
    CALENDAR_YEAR_ENTERED = "calendar.year_entered", _("录入全年节假日")
    DEADLINE_DUE_SOON = "deadline.due_soon", _("期限即将届满")
    DEADLINE_OVERDUE = "deadline.overdue", _("期限已逾期")
    DEADLINE_RECOMPUTED = "deadline.recomputed", _("重新计算期限")
    DEADLINE_STARTED = "deadline.started", _("开始计时")
    RULE_CREATED = "rule.created", _("新建规则记录")
    RULE_DELETED = "rule.deleted", _("删除规则记录")
    RULE_UPDATED = "rule.updated", _("修改规则记录")

    # deadline.<DeadlineAction>
    DEADLINE_PAUSE = "deadline.pause", action_label(_DEADLINE, DeadlineAction.PAUSE)
    DEADLINE_RESUME = "deadline.resume", action_label(_DEADLINE, DeadlineAction.RESUME)
    DEADLINE_EXTEND = "deadline.extend", action_label(_DEADLINE, DeadlineAction.EXTEND)
    DEADLINE_CLOSE = "deadline.close", action_label(_DEADLINE, DeadlineAction.CLOSE)

    @classmethod
    def deadline_action(cls, action: str) -> "RulesEvent":
        """The member of ``DeadlineAction`` ``action`` (``deadline.<action>``)."""
        return cls(f"deadline.{action}")
