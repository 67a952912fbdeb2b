"""Audit event codes of the catalog app: one enum, registered in ``CatalogConfig.ready``.

The values are the codes stored in ``AuditEvent.event`` (never change one: old rows keep it);
the labels are what the audit page shows. Call sites pass the members:
``audit_log(event=CatalogEvent.ATTACHMENT_ADDED, ...)``.
Codes built from an action enum (``catalog.item.<action>``) are members too, one per action, labelled
"<subject>：<action label>"; ``CatalogEvent.item_action(action)`` names the member of an action
(a ValueError for an action without one: a test checks every action has its member).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.audit.labels import action_label
from gongkai.catalog.enums import ItemAction

# Subjects of the action families ("<subject>：<action label>").
_ITEM = _("政府信息")


class CatalogEvent(models.TextChoices):
    ATTACHMENT_ADDED = "catalog.attachment.added", _("添加附件")
    ATTACHMENT_REMOVED = "catalog.attachment.removed", _("移除附件")
    CATEGORY_ACTIVATED = "catalog.category.activated", _("启用信息分类")
    CATEGORY_CREATED = "catalog.category.created", _("新建信息分类")
    CATEGORY_DEACTIVATED = "catalog.category.deactivated", _("停用信息分类")
    CATEGORY_REORDERED = "catalog.category.reordered", _("调整信息分类顺序")
    CATEGORY_UPDATED = "catalog.category.updated", _("修改信息分类")
    CONSULTATION_ANSWERED = "catalog.consultation.answered", _("征求意见已答复")
    CONSULTATION_EXPIRED = "catalog.consultation.expired", _("征求意见逾期未答复")
    CONSULTATION_SENT = "catalog.consultation.sent", _("发出征求意见")
    GUIDE_SAVED = "catalog.guide.saved", _("保存公开指南")
    IMPORT_COMPLETED = "catalog.import.completed", _("完成信息导入")
    ITEM_CREATED = "catalog.item.created", _("新建政府信息")
    ITEM_REOPENED = "catalog.item.reopened", _("重新打开政府信息")
    ITEM_UPDATED = "catalog.item.updated", _("修改政府信息")
    REDACTION_ADDED = "catalog.redaction.added", _("标记不予公开内容")
    REDACTION_REMOVED = "catalog.redaction.removed", _("取消不予公开标记")
    TOPIC_ACTIVATED = "catalog.topic.activated", _("启用专题")
    TOPIC_CREATED = "catalog.topic.created", _("新建专题")
    TOPIC_DEACTIVATED = "catalog.topic.deactivated", _("停用专题")
    TOPIC_UPDATED = "catalog.topic.updated", _("修改专题")

    # catalog.item.<ItemAction>
    ITEM_SUBMIT = "catalog.item.submit", action_label(_ITEM, ItemAction.SUBMIT)
    ITEM_RETURN = "catalog.item.return", action_label(_ITEM, ItemAction.RETURN)
    ITEM_RESUBMIT = "catalog.item.resubmit", action_label(_ITEM, ItemAction.RESUBMIT)
    ITEM_APPROVE_PUBLISH = "catalog.item.approve_publish", action_label(_ITEM, ItemAction.APPROVE_PUBLISH)
    ITEM_APPROVE_NOT_PUBLIC = "catalog.item.approve_not_public", action_label(_ITEM, ItemAction.APPROVE_NOT_PUBLIC)
    ITEM_REJECT = "catalog.item.reject", action_label(_ITEM, ItemAction.REJECT)
    ITEM_CORRECT = "catalog.item.correct", action_label(_ITEM, ItemAction.CORRECT)
    ITEM_WITHDRAW = "catalog.item.withdraw", action_label(_ITEM, ItemAction.WITHDRAW)
    ITEM_DISCLOSE = "catalog.item.disclose", action_label(_ITEM, ItemAction.DISCLOSE)
    ITEM_CANCEL = "catalog.item.cancel", action_label(_ITEM, ItemAction.CANCEL)

    @classmethod
    def item_action(cls, action: str) -> "CatalogEvent":
        """The member of ``ItemAction`` ``action`` (``catalog.item.<action>``)."""
        return cls(f"catalog.item.{action}")
