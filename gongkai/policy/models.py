"""The policy lifecycle: a draft (规范性文件 or 重大行政决策) from consultation to interpretation.

- ``Policy``: the draft, its consultation (period on a rules clock), its submission attributes
  (disclosure attribute, interpretation plan, materials, consultation record) and its release.
- ``Comment``: a public comment (online, or registered by staff); name and contact encrypted at rest
  (``foi.interface``), shown only after moderation and only if the unit chooses to show comments.
- ``CommentGroup``: comments grouped by article and theme, with the adoption decision and its reason.
- ``AdoptionReport``: the 采纳情况 published through the review engine.
- ``Submission``: each submission to the government office and its outcome (受理 / 退文 with reasons).
- ``Interpretation``: the interpretation(s) released with the document, and follow-ups.
- ``Expert`` / ``ExpertUse``: the interpretation expert library (R1.5) and its use.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.core.models import TimeStampedModel

from .enums import (
    AdoptionDecision,
    CommentChannel,
    CommentStatus,
    ExpertUseKind,
    HearingKind,
    HearingState,
    InterpretationForm,
    InterpretationState,
    PolicyKind,
    PolicyState,
    ReportState,
    SubmissionOutcome,
)


class Policy(TimeStampedModel):
    agency = models.ForeignKey("orgs.Agency", verbose_name="起草单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("文件类型", max_length=20, choices=PolicyKind.choices)
    title = models.CharField("文件名称", max_length=300)
    draft_text = models.TextField("草案正文", help_text="每条一行，以“第X条”开头，便于公众按条提出意见。")
    explanation = models.TextField("起草说明")
    basis = models.TextField("制定依据", blank=True)
    state = models.CharField("状态", max_length=30, choices=PolicyState.choices, default=PolicyState.DRAFTING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT, related_name="+"
    )
    # Consultation (R8.1).
    consultation_starts_on = models.DateField("征求意见开始日期", null=True, blank=True)
    consultation_ends_on = models.DateField("征求意见截止日期", null=True, blank=True)
    consultation_min_end = models.DateField("法定最短期限届满日", null=True, blank=True)
    consultation_rule_key = models.CharField("征求意见期限规则", max_length=80, blank=True)
    consultation_citation = models.CharField("征求意见期限依据", max_length=300, blank=True)
    consultation_deadline = models.ForeignKey(
        "rules.Deadline",
        verbose_name="征求意见期限",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    shortened_reason = models.TextField("缩短期限的说明", blank=True)
    show_comments = models.BooleanField("审核后公开显示公众意见", default=False)
    # Submission (R2.9, R7.1): the 代拟稿's attributes.
    disclosure_attribute = models.CharField("公开属性", max_length=20, blank=True)
    attribute_reason = models.TextField("公开属性理由", blank=True)
    plan_outline = models.TextField("解读提纲", blank=True)
    plan_forms = models.JSONField("解读形式", default=list, blank=True)
    plan_channels = models.CharField("发布渠道", max_length=300, blank=True)
    plan_timing = models.CharField("发布时机", max_length=300, blank=True)
    plan_background = models.TextField("背景资料和数据", blank=True)
    plan_none_needed = models.BooleanField("无需解读", default=False)
    plan_none_reason = models.TextField("无需解读的理由", blank=True)
    materials = models.TextField("解读材料", blank=True)
    consultation_record = models.TextField("征求意见情况", blank=True)
    # Sign-off and issue (R2.9).
    meeting_on = models.DateField("会议审议日期", null=True, blank=True)
    major_revision = models.BooleanField("有重大修改", default=False)
    issue_deadline = models.ForeignKey(
        "rules.Deadline", verbose_name="印发期限", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document_number = models.CharField("文号", max_length=100, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    catalog_item_id = models.PositiveIntegerField("公开目录信息", null=True, blank=True)
    catalog_url = models.CharField("公开目录地址", max_length=200, blank=True)
    released_at = models.DateTimeField("公开时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "政策文件"
        verbose_name_plural = "政策文件"

    def __str__(self) -> str:
        return self.title

    def articles(self) -> list[str]:
        """The article headings of the draft (``第一条`` …), for attaching comments to an article."""
        import re

        found = []
        for line in self.draft_text.splitlines():
            m = re.match(r"\s*(第[一二三四五六七八九十百零〇0-9]+条)", line)
            if m and m.group(1) not in found:
                found.append(m.group(1))
        return found


class CommentGroup(TimeStampedModel):
    policy = models.ForeignKey(Policy, verbose_name="政策文件", on_delete=models.CASCADE, related_name="groups")
    article = models.CharField("条款", max_length=30, blank=True)
    theme = models.CharField("主题", max_length=200)
    decision = models.CharField(
        "采纳情况", max_length=20, choices=AdoptionDecision.choices, default=AdoptionDecision.UNDECIDED, blank=True
    )
    reason = models.TextField("理由", blank=True)

    class Meta:
        ordering = ["article", "id"]
        verbose_name = "意见归类"
        verbose_name_plural = "意见归类"

    def __str__(self) -> str:
        return self.theme


class Comment(TimeStampedModel):
    policy = models.ForeignKey(Policy, verbose_name="政策文件", on_delete=models.CASCADE, related_name="comments")
    article = models.CharField("条款", max_length=30, blank=True)
    body = models.TextField("意见内容")
    channel = models.CharField("渠道", max_length=20, choices=CommentChannel.choices, default=CommentChannel.ONLINE)
    name_enc = models.TextField("姓名（加密）", blank=True)
    name_masked = models.CharField("姓名（脱敏）", max_length=50, blank=True)
    contact_enc = models.TextField("联系方式（加密）", blank=True)
    contact_masked = models.CharField("联系方式（脱敏）", max_length=100, blank=True)
    status = models.CharField("审核状态", max_length=20, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    flagged_terms = models.JSONField("命中的屏蔽词", default=list, blank=True)
    ip_key = models.CharField("来源地址索引", max_length=80, blank=True, db_index=True)
    duplicate_of = models.ForeignKey(
        "self", verbose_name="与之重复", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    group = models.ForeignKey(
        CommentGroup, verbose_name="归类", null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "公众意见"
        verbose_name_plural = "公众意见"

    def __str__(self) -> str:
        return self.body[:30]


class AdoptionReport(TimeStampedModel):
    policy = models.OneToOneField(Policy, verbose_name="政策文件", on_delete=models.CASCADE, related_name="report")
    summary = models.TextField("采纳情况说明")
    state = models.CharField("状态", max_length=20, choices=ReportState.choices, default=ReportState.DRAFT)
    review_procedure = models.CharField("审核程序", max_length=500, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)

    class Meta:
        verbose_name = "意见采纳情况"
        verbose_name_plural = "意见采纳情况"


class Submission(TimeStampedModel):
    policy = models.ForeignKey(Policy, verbose_name="政策文件", on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveSmallIntegerField("报送次数")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.JSONField("报送内容", default=dict)
    outcome = models.CharField(
        "结果", max_length=20, choices=SubmissionOutcome.choices, default=SubmissionOutcome.PENDING
    )
    reasons = models.JSONField("退文理由", default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        ordering = ["policy", "number"]
        verbose_name = "报送记录"
        verbose_name_plural = "报送记录"
        constraints = [models.UniqueConstraint(fields=["policy", "number"], name="policy_submission_number_unique")]


class Expert(TimeStampedModel):
    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="所属单位（专家库）", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("姓名", max_length=50)
    field = models.CharField("专业领域", max_length=200)
    affiliation = models.CharField("工作单位", max_length=200)
    title = models.CharField("职务职称", max_length=100, blank=True)
    contact_enc = models.TextField("联系方式（加密）", blank=True)
    contact_masked = models.CharField("联系方式（脱敏）", max_length=100, blank=True)
    filed_on = models.DateField("报新闻办备案日期", null=True, blank=True)
    is_active = models.BooleanField("在库", default=True)

    class Meta:
        ordering = ["agency", "name"]
        verbose_name = "解读专家"
        verbose_name_plural = "解读专家"

    def __str__(self) -> str:
        return self.name


class Interpretation(TimeStampedModel):
    policy = models.ForeignKey(
        Policy, verbose_name="政策文件", on_delete=models.CASCADE, related_name="interpretations"
    )
    form = models.CharField("解读形式", max_length=20, choices=InterpretationForm.choices)
    title = models.CharField("标题", max_length=300)
    body = models.TextField("内容", blank=True)
    link_url = models.URLField("链接（图解、访谈、发布会等）", blank=True)
    expert = models.ForeignKey(
        Expert, verbose_name="解读专家", null=True, blank=True, on_delete=models.PROTECT, related_name="interpretations"
    )
    is_followup = models.BooleanField("后续解读", default=False)
    state = models.CharField(
        "状态", max_length=20, choices=InterpretationState.choices, default=InterpretationState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        ordering = ["policy", "id"]
        verbose_name = "政策解读"
        verbose_name_plural = "政策解读"

    def __str__(self) -> str:
        return self.title


class ExpertUse(models.Model):
    expert = models.ForeignKey(Expert, verbose_name="专家", on_delete=models.CASCADE, related_name="uses")
    policy = models.ForeignKey(Policy, verbose_name="政策文件", on_delete=models.CASCADE, related_name="expert_uses")
    kind = models.CharField("参与方式", max_length=20, choices=ExpertUseKind.choices)
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "专家参与记录"
        verbose_name_plural = "专家参与记录"

    def __str__(self) -> str:
        return f"{self.expert} · {self.get_kind_display()}"


class Hearing(TimeStampedModel):
    """A hearing (听证) on a draft or a meeting the public may attend (列席), R8.2: announced with its
    seats and sign-up period, participants selected from the sign-ups, minutes recorded and published."""

    policy = models.ForeignKey(Policy, verbose_name="政策文件", on_delete=models.CASCADE, related_name="hearings")
    kind = models.CharField("类型", max_length=20, choices=HearingKind.choices)
    title = models.CharField("名称", max_length=300)
    held_at = models.DateTimeField("举行时间")
    place = models.CharField("地点", max_length=200)
    seats = models.PositiveSmallIntegerField("名额")
    signup_until = models.DateField("报名截止日期")
    selection_method = models.CharField("遴选方式", max_length=300)
    state = models.CharField("状态", max_length=20, choices=HearingState.choices, default=HearingState.ANNOUNCED)
    minutes = models.TextField("会议记录", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="公告人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_at", "id"]
        verbose_name = "听证、列席会议"
        verbose_name_plural = "听证、列席会议"

    def __str__(self) -> str:
        return self.title


class HearingSignup(TimeStampedModel):
    hearing = models.ForeignKey(Hearing, verbose_name="会议", on_delete=models.CASCADE, related_name="signups")
    name_enc = models.TextField("姓名（加密）")
    name_masked = models.CharField("姓名（脱敏）", max_length=50)
    contact_enc = models.TextField("联系方式（加密）")
    contact_masked = models.CharField("联系方式（脱敏）", max_length=100)
    statement = models.TextField("拟发表的意见或报名理由", blank=True)
    selected = models.BooleanField("入选", default=False)
    ip_key = models.CharField("来源地址索引", max_length=80, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "听证、列席报名"
        verbose_name_plural = "听证、列席报名"

    def __str__(self) -> str:
        return self.name_masked
