"""Audit event codes of the audit app: one enum, registered in ``AuditConfig.ready``.

The values are the codes stored in ``AuditEvent.event`` (never change one: old rows keep it);
the labels are what the audit page shows. Call sites pass the members:
``audit_log(event=AuditLogEvent.VERIFIED, ...)``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLogEvent(models.TextChoices):
    VERIFIED = "audit.verified", _("校验审计链")
