"""Models of news release (新闻发布, SPEC M6 and R1.3).

- ``SpokespersonFiling``: a unit's spokesperson or liaison (新闻发言人 / 新闻联络员) as filed (备案) with
  the government's news office through the ``press.filing`` review. Until filed, a change is pending;
  the public directory shows the filed one.
- ``Conference``: a press conference or briefing — the plan (R6.4: timing, talking points, Q&A,
  risk assessment), its two-party prior approval (R6.1, review ``press.conference``), the record of
  it being held (who attended, for the frequency duties of R6.2), the transcript and media (R6.3).
- ``ConferenceMedia``: an uploaded video, audio, photo or released material of a conference.
- ``Interview`` / ``InterviewQuestion``: an online interview (在线访谈) and the citizens' questions,
  moderated before display.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from gongkai.core import links
from gongkai.core.models import TimeStampedModel

from .enums import (
    ConferenceKind,
    ConferenceStatus,
    FilingStatus,
    InterviewStatus,
    MediaKind,
    PersonRole,
    QuestionStatus,
)

PUBLIC_CONFERENCE_STATUSES = (ConferenceStatus.ANNOUNCED, ConferenceStatus.HELD, ConferenceStatus.PUBLISHED)
HELD_STATUSES = (ConferenceStatus.HELD, ConferenceStatus.PUBLISHED)


class SpokespersonFiling(TimeStampedModel):
    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("身份", max_length=16, choices=PersonRole.choices)
    name = models.CharField("姓名", max_length=60)
    title = models.CharField("职务", max_length=100)
    office_phone = models.CharField("办公电话", max_length=40, blank=True)
    mobile = models.CharField("手机", max_length=40, blank=True)
    since = models.DateField("任职起始日期")
    until = models.DateField("任职终止日期", null=True, blank=True)
    status = models.CharField(
        "备案状态", max_length=16, choices=FilingStatus.choices, default=FilingStatus.DRAFT, db_index=True
    )
    filed_at = models.DateTimeField("备案时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["agency_id", "role", "-since", "-id"]
        verbose_name = "新闻发言人备案"
        verbose_name_plural = "新闻发言人备案"

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    def get_absolute_url(self) -> str:
        return links.url_for(self)


class Conference(TimeStampedModel):
    agency = models.ForeignKey("orgs.Agency", verbose_name="举办单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("形式", max_length=16, choices=ConferenceKind.choices, default=ConferenceKind.CONFERENCE)
    at_news_office = models.BooleanField(
        "在本级政府新闻办发布会上发布", default=False, help_text="本单位出席本级政府新闻办举办的新闻发布会。"
    )
    topic = models.CharField("主题", max_length=200)
    planned_at = models.DateTimeField("计划时间")
    place = models.CharField("地点", max_length=200)
    speakers = models.CharField("发布人", max_length=300)
    invited_media = models.TextField("邀请媒体", blank=True)
    talking_points = models.TextField("发布口径")
    qa_preparation = models.TextField("答问准备", blank=True)
    risk_assessment = models.TextField("风险评估")
    risk_level = models.CharField("风险等级", max_length=20, blank=True)
    opinion_risk_id = models.PositiveIntegerField(
        "引用的重大决策舆情风险评估", null=True, blank=True, help_text="舆情模块中已完成的风险评估（编号）。"
    )
    opinion_event_id = models.PositiveIntegerField(
        "回应的舆情事件", null=True, blank=True, help_text="重大突发事件须在24小时内举行新闻发布会时填写。"
    )
    status = models.CharField(
        "状态", max_length=16, choices=ConferenceStatus.choices, default=ConferenceStatus.DRAFT, db_index=True
    )
    announced_at = models.DateTimeField("公告时间", null=True, blank=True)
    held_at = models.DateTimeField("举行时间", null=True, blank=True, db_index=True)
    head_attended = models.BooleanField("主要负责同志出席", default=False)
    spokesperson_attended = models.BooleanField("新闻发言人或相关负责人出席", default=False)
    transcript = models.TextField("文字实录", blank=True)
    published_at = models.DateTimeField("实录发布时间", null=True, blank=True, db_index=True)
    review_note = models.CharField("审批意见", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="策划人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-planned_at", "-id"]
        verbose_name = "新闻发布会"
        verbose_name_plural = "新闻发布会"

    def __str__(self) -> str:
        return self.topic

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_CONFERENCE_STATUSES

    def get_absolute_url(self) -> str:
        return links.url_for(self)

    def get_public_url(self) -> str:
        return reverse("portal:press_conference", args=[self.pk])


def media_path(instance: ConferenceMedia, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"press/{instance.conference.agency_id}/{instance.conference_id}/{uuid.uuid4().hex}.{suffix}"


class ConferenceMedia(models.Model):
    conference = models.ForeignKey(Conference, verbose_name="发布会", on_delete=models.CASCADE, related_name="media")
    kind = models.CharField("类别", max_length=12, choices=MediaKind.choices)
    title = models.CharField("标题", max_length=200)
    file = models.FileField("文件", upload_to=media_path, max_length=300)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["conference_id", "kind", "id"]
        verbose_name = "发布会音视频、图片和材料"
        verbose_name_plural = "发布会音视频、图片和材料"

    def __str__(self) -> str:
        return self.title

    @property
    def audit_agency_id(self) -> int:
        return self.conference.agency_id

    def get_public_url(self) -> str:
        return reverse("portal:press_media", args=[self.conference_id, self.pk])


class Interview(TimeStampedModel):
    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("访谈主题", max_length=200)
    guest = models.CharField("访谈嘉宾", max_length=200)
    guest_is_head = models.BooleanField("嘉宾为主要负责同志", default=True)
    scheduled_at = models.DateTimeField("访谈时间")
    summary = models.TextField("访谈简介", blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=InterviewStatus.choices, default=InterviewStatus.PLANNED, db_index=True
    )
    held_at = models.DateTimeField("实际举行时间", null=True, blank=True, db_index=True)
    transcript = models.TextField("访谈实录", blank=True)
    published_at = models.DateTimeField("实录发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="策划人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        verbose_name = "在线访谈"
        verbose_name_plural = "在线访谈"

    def __str__(self) -> str:
        return self.title

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    def get_absolute_url(self) -> str:
        return links.url_for(self)

    def get_public_url(self) -> str:
        return reverse("portal:press_interview", args=[self.pk])


class InterviewQuestion(TimeStampedModel):
    interview = models.ForeignKey(Interview, verbose_name="访谈", on_delete=models.CASCADE, related_name="questions")
    asker = models.CharField("网民昵称", max_length=40)
    text = models.TextField("问题")
    flagged_words = models.JSONField("命中的敏感词", default=list, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=QuestionStatus.choices, default=QuestionStatus.PENDING, db_index=True
    )
    answer = models.TextField("答复", blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        ordering = ["interview_id", "created_at", "id"]
        verbose_name = "访谈问题"
        verbose_name_plural = "访谈问题"

    def __str__(self) -> str:
        return self.text[:30]

    @property
    def audit_agency_id(self) -> int:
        return self.interview.agency_id
