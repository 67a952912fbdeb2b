"""Audit event codes of the notifications app: one enum, registered in ``NotificationsConfig.ready``.

The values are the codes stored in ``AuditEvent.event`` (never change one: old rows keep it);
the labels are what the audit page shows. Call sites pass the members:
``audit_log(event=NotificationsEvent.RETRIED, ...)``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationsEvent(models.TextChoices):
    RETRIED = "notification.retried", _("重新发送通知")
