"""The notification outbox: one row per recipient and channel.

In-app notifications are delivered when written. ``ExternalMessage`` holds messages to people
without an account (e.g. applicants for disclosure) by e-mail or SMS: the address is not stored,
only a reference (``address_ref``) that the owning app resolves at send time from its own
(encrypted) records, see ``services.register_address_resolver``. E-mails are sent by the dispatcher
(a Celery task, or in-process in the embedded default); a failed send stays in the
outbox with its error and is retried with back-off until ``MAX_ATTEMPTS``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .enums import Channel, Status


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="notifications"
    )
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    event = models.CharField("事件类型", max_length=100, blank=True, db_index=True)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=500, blank=True)
    # Makes periodic sweeps idempotent: the same key is never notified twice per channel.
    dedupe_key = models.CharField("去重键", max_length=200, null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "通知"
        verbose_name_plural = "通知"
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "channel", "dedupe_key"],
                condition=Q(dedupe_key__isnull=False),
                name="notifications_unique_dedupe",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject}"


class ExternalMessage(models.Model):
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    # "<kind>:<id>", resolved to an address by the resolver the owning app registered for <kind>.
    address_ref = models.CharField("接收方引用", max_length=100, db_index=True)
    address_masked = models.CharField("接收方（遮蔽）", max_length=200, blank=True)
    event = models.CharField("事件类型", max_length=100, blank=True, db_index=True)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    # When set, replaces ``body`` once sent (a one-time secret must not stay in the outbox).
    body_after_send = models.TextField("发送后保留的内容", blank=True)
    dedupe_key = models.CharField("去重键", max_length=200, null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "对外通知"
        verbose_name_plural = "对外通知"
        constraints = [
            models.UniqueConstraint(
                fields=["address_ref", "channel", "dedupe_key"],
                condition=Q(dedupe_key__isnull=False),
                name="notifications_external_unique_dedupe",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address_masked or self.address_ref}: {self.subject}"
