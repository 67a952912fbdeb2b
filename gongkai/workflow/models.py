"""Reviews of any object: the review, its steps (copied from the template), and its entries.

- ``Review`` points at its target through a generic foreign key, so the catalogue,
  FOI replies and opinion responses all use the same engine. At most one review per
  object is active (in progress or returned) — a partial unique constraint, which
  SQLite and PostgreSQL both enforce.
- ``ReviewStep`` is one step of one review, with the roles and the agency whose
  role-holders may act, resolved when the review started.
- ``ReviewEntry`` records every action: who did what, when, with which comment and
  structured data (the written review record of SPEC R3.4).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from gongkai.core.models import TimeStampedModel

from .enums import ACTIVE_STATUSES, ReviewAction, ReviewStatus


class Review(TimeStampedModel):
    template_key = models.CharField("审核流程", max_length=100, db_index=True)
    template_name = models.CharField("流程名称", max_length=200)
    content_type = models.ForeignKey(ContentType, verbose_name="对象类型", on_delete=models.PROTECT, related_name="+")
    # Text, so targets with any kind of primary key can be reviewed.
    object_id = models.CharField("对象编号", max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    target_repr = models.CharField("审核对象", max_length=300)
    agency = models.ForeignKey("orgs.Agency", verbose_name="所属单位", on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(
        "状态", max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.IN_PROGRESS, db_index=True
    )
    current_step = models.PositiveSmallIntegerField("当前步骤", default=0)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="submitted_reviews",
    )
    submitted_by_repr = models.CharField("提交人（快照）", max_length=200)
    submitted_at = models.DateTimeField("提交时间")
    finished_at = models.DateTimeField("办结时间", null=True, blank=True)
    data = models.JSONField("提交附加数据", default=dict, blank=True)
    # Steps (their indices) that had no eligible person other than the submitter when the
    # review started and the owner chose to start it anyway (flagged; see review_start).
    unstaffed_steps = models.JSONField("无人可审的步骤", default=list, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = "审核"
        verbose_name_plural = "审核"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status__in=[s.value for s in ACTIVE_STATUSES]),
                name="workflow_one_active_review_per_object",
            ),
            models.CheckConstraint(condition=Q(status__in=ReviewStatus.values), name="workflow_review_status_valid"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="workflow_review_target_idx")]

    def __str__(self) -> str:
        return f"{self.template_name}：{self.target_repr}"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def target_label(self) -> str:
        """The target's model name in Chinese (its verbose name)."""
        model = self.content_type.model_class()
        return str(model._meta.verbose_name) if model else self.content_type.model

    def get_current_step(self) -> ReviewStep | None:
        if not self.is_active:
            return None
        return self.steps.filter(index=self.current_step).select_related("agency", "section").first()


class ReviewStep(models.Model):
    review = models.ForeignKey(Review, verbose_name="审核", on_delete=models.CASCADE, related_name="steps")
    index = models.PositiveSmallIntegerField("顺序")
    key = models.CharField("步骤标识", max_length=50)
    name = models.CharField("步骤名称", max_length=200)
    roles = models.JSONField("可审核角色", default=list)
    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="审核单位", on_delete=models.PROTECT, related_name="review_steps"
    )
    section = models.ForeignKey(
        "orgs.Section",
        verbose_name="审核科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_steps",
    )
    allow_submitter = models.BooleanField("允许提交人本人审核", default=False)
    # Set by review_step_reassign: then only this person decides at the step.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="指定审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_review_steps",
    )

    class Meta:
        ordering = ["review_id", "index"]
        verbose_name = "审核步骤"
        verbose_name_plural = "审核步骤"
        constraints = [models.UniqueConstraint(fields=["review", "index"], name="workflow_step_unique_index")]

    def __str__(self) -> str:
        return f"{self.index + 1}. {self.name}"

    @property
    def role_labels(self) -> list[str]:
        from gongkai.orgs.enums import Role

        return [Role(r).label if r in Role.values else r for r in self.roles]


class ReviewEntry(models.Model):
    review = models.ForeignKey(Review, verbose_name="审核", on_delete=models.CASCADE, related_name="entries")
    step = models.ForeignKey(
        ReviewStep, verbose_name="步骤", null=True, blank=True, on_delete=models.CASCADE, related_name="entries"
    )
    action = models.CharField("操作", max_length=20, choices=ReviewAction.choices)
    from_status = models.CharField("原状态", max_length=20, choices=ReviewStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=20, choices=ReviewStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_repr = models.CharField("操作人（快照）", max_length=200)
    comment = models.TextField("意见", blank=True)
    data = models.JSONField("附加数据", default=dict, blank=True)
    created_at = models.DateTimeField("时间", db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"

    def __str__(self) -> str:
        return f"{self.actor_repr} {self.get_action_display()}"
