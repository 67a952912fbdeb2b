"""Applications for disclosure (依申请公开) and what hangs off them.

- ``Application``: one application to one receiving agency. Personal data (identity number,
  phone, e-mail, address) is stored only encrypted (``*_enc``, see ``crypto.py``) beside a mask
  for lists (``*_masked``); ``dedupe_hash`` / ``applicant_hash`` are keyed hashes for finding
  duplicates and an applicant's other applications without decrypting. ``status`` changes only
  through ``services.application_transition``. ``deadline`` is the current answer clock
  (gongkai.rules.Deadline); the 补正 and fee clocks are kept beside it.
- ``RequestedItem``: each piece of information sought, with its own decision (reply type).
- ``ApplicationEvent``: the case timeline (each transition and notable step).
- ``Consultation``, ``FeeNotice``, ``Attachment``, ``AppealRecord`` (行政复议 / 行政诉讼),
  ``LetterSequence`` (gap-free reply letter numbers per agency and year), ``AgencyProfile``
  (letter prefix and contact lines of an agency's letters), ``QueryAttempt`` (rate limit of
  the public status page).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.core import links
from gongkai.core.models import TimeStampedModel

from .enums import (
    CONCLUDED_STATUSES,
    ORGANISATION_KINDS,
    AppealKind,
    AppealResult,
    ApplicantKind,
    AttachmentKind,
    Channel,
    ConsultationOpinion,
    ConsultationParty,
    ConsultationState,
    DeliveryForm,
    DeliveryMethod,
    FeeBasis,
    FeeState,
    IdType,
    ObtainMethod,
    RequestKind,
    Status,
)


class Application(TimeStampedModel):
    # The official sequence number (letters, registers, statistics) and, for the public site and
    # its URLs, a random identifier that cannot be guessed from the sequence.
    tracking_number = models.CharField("申请编号", max_length=32, unique=True)
    public_id = models.CharField("查询编号", max_length=16, unique=True)
    query_code_hash = models.CharField("查询码（散列）", max_length=200)
    # A replacement query code sent to the contact on file (the old code keeps working until the
    # new one is first used, so nobody can lock the applicant out by asking for one).
    recovery_code_hash = models.CharField("找回的查询码（散列）", max_length=200, blank=True)
    recovery_sent_at = models.DateTimeField("找回查询码时间", null=True, blank=True)
    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="受理机关", on_delete=models.PROTECT, related_name="foi_applications"
    )
    kind = models.CharField("申请类型", max_length=16, choices=RequestKind.choices, default=RequestKind.DISCLOSURE)
    channel = models.CharField("申请方式", max_length=16, choices=Channel.choices)
    status = models.CharField("状态", max_length=24, choices=Status.choices, default=Status.RECEIVED, db_index=True)

    # Receipt (SPEC R4.2, 条例 art. 31): what happened, and the day the clock starts from.
    submitted_on = models.DateField("提交日期")
    signed_for_on = models.DateField("签收日期", null=True, blank=True)
    confirmed_on = models.DateField("双方确认日期", null=True, blank=True)
    receipt_date = models.DateField("收到申请日期", db_index=True)
    receipt_note = models.CharField("收到情况说明", max_length=300, blank=True)

    # Applicant.
    applicant_kind = models.CharField("申请人类型", max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField("申请人姓名或名称", max_length=200)
    contact_person = models.CharField("联系人", max_length=100, blank=True)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    id_number_enc = models.TextField("证件号码（密文）", blank=True)
    id_number_masked = models.CharField("证件号码", max_length=60, blank=True)
    phone_enc = models.TextField("联系电话（密文）", blank=True)
    phone_masked = models.CharField("联系电话", max_length=40, blank=True)
    email_enc = models.TextField("电子邮箱（密文）", blank=True)
    email_masked = models.CharField("电子邮箱", max_length=200, blank=True)
    address_enc = models.TextField("通信地址（密文）", blank=True)
    address_masked = models.CharField("通信地址", max_length=60, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    # What is asked and how it is wanted.
    purpose = models.TextField("申请用途", blank=True)
    delivery_form = models.CharField("获取信息的方式", max_length=12, choices=DeliveryForm.choices)
    obtain_method = models.CharField("获取途径", max_length=12, choices=ObtainMethod.choices)
    correction_detail = models.TextField("要求更正的内容", blank=True)

    # Handling.
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="foi_handled",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="foi_registered",
    )
    deadline = models.ForeignKey(
        "rules.Deadline", verbose_name="答复期限", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    supplement_deadline = models.ForeignKey(
        "rules.Deadline", verbose_name="补正期限", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    supplement_requested_at = models.DateTimeField("告知补正时间", null=True, blank=True)
    supplement_request_text = models.TextField("需要补正的事项", blank=True)
    supplement_received_at = models.DateTimeField("收到补正时间", null=True, blank=True)
    supplement_text = models.TextField("补正内容", blank=True)
    extension_requested_at = models.DateTimeField("申请延期时间", null=True, blank=True)
    extension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请延期人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    extension_request_reason = models.CharField("延期理由", max_length=300, blank=True)

    # Keyed hashes (crypto.blind_index): duplicates, repeat and mass applications.
    dedupe_hash = models.CharField("重复提交识别码", max_length=64, db_index=True)
    applicant_hash = models.CharField("申请人识别码", max_length=64, db_index=True)
    repeat_of = models.ForeignKey(
        "self",
        verbose_name="重复申请的原申请",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
    )
    transferred_from = models.ForeignKey(
        "self", verbose_name="转来的申请", null=True, blank=True, on_delete=models.SET_NULL, related_name="forwards"
    )
    transfer_to_agency = models.ForeignKey(
        "orgs.Agency", verbose_name="有权机关", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    transfer_to_name = models.CharField("有权机关名称及联系方式", max_length=300, blank=True)
    mass_flag = models.BooleanField("大量申请（条例第三十五条）", default=False)
    mass_note = models.TextField("大量申请处理说明", blank=True)
    # 条例 art. 35: the reasonable delayed reply period the agency set (working days) and why.
    mass_delay_days = models.PositiveSmallIntegerField("延迟答复的合理期限（工作日）", null=True, blank=True)
    mass_delay_reason = models.TextField("延迟答复理由", blank=True)
    mass_delay_set_at = models.DateTimeField("确定延迟答复时间", null=True, blank=True)

    # The reply.
    outcome = models.CharField("办理结果", max_length=40, blank=True, db_index=True)
    reply_summary = models.TextField("答复说明", blank=True)
    concluded_at = models.DateTimeField("办结时间", null=True, blank=True, db_index=True)
    concluded_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    on_time = models.BooleanField("按期办结", null=True, blank=True)
    letter_number = models.CharField("告知书文号", max_length=100, blank=True)
    letter_year = models.PositiveSmallIntegerField("文号年度", null=True, blank=True)
    letter_seq = models.PositiveIntegerField("文号序号", null=True, blank=True)
    letter_docx = models.BinaryField("告知书", null=True, blank=True)
    letter_generated_at = models.DateTimeField("告知书生成时间", null=True, blank=True)
    delivery_method = models.CharField("送达方式", max_length=12, choices=DeliveryMethod.choices, blank=True)
    posted_on = models.DateField("交邮日期", null=True, blank=True)
    delivered_on = models.DateField("签收或送达日期", null=True, blank=True)
    delivery_note = models.CharField("送达说明", max_length=300, blank=True)

    class Meta:
        ordering = ["-receipt_date", "-id"]
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "letter_year", "letter_seq"],
                condition=Q(letter_seq__isnull=False),
                name="foi_letter_number_unique",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="foi_application_status_valid"),
        ]
        indexes = [models.Index(fields=["agency", "status"], name="foi_app_agency_status_idx")]

    def __str__(self) -> str:
        # No personal data here: this string lands in audit events and review titles.
        return f"政府信息公开申请 {self.tracking_number}"

    def get_absolute_url(self) -> str:
        return links.url_for(self)  # the back office's page (gongkai/backoffice/links.py)

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    @property
    def is_organisation(self) -> bool:
        return self.applicant_kind in ORGANISATION_KINDS

    @property
    def is_concluded(self) -> bool:
        return self.status in CONCLUDED_STATUSES


class RequestedItem(models.Model):
    application = models.ForeignKey(Application, verbose_name="申请", on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField("序号")
    title = models.CharField("信息名称", max_length=300, blank=True)
    document_number = models.CharField("文件编号", max_length=100, blank=True)
    description = models.TextField("内容描述")
    # The decision on this item (one of replies.REPLY_TYPES).
    reply_type = models.CharField("答复类型", max_length=40, blank=True)
    reason = models.TextField("理由或说明", blank=True)
    published_where = models.CharField("已公开的位置（网址或途径）", max_length=500, blank=True)
    # A generic reference to a published item (e.g. "catalog:123"); linking to catalogue items
    # is left for when the catalogue app offers a selector (see the README of this app).
    published_ref = models.CharField("公开信息引用", max_length=100, blank=True)

    class Meta:
        ordering = ["application_id", "position"]
        verbose_name = "申请公开的信息"
        verbose_name_plural = "申请公开的信息"
        constraints = [models.UniqueConstraint(fields=["application", "position"], name="foi_item_position_unique")]

    def __str__(self) -> str:
        return self.title or self.description[:40]

    @property
    def reply_type_label(self) -> str:
        from .replies import reply_type

        rt = reply_type(self.reply_type)
        return rt.label if rt else ""


class ApplicationEvent(models.Model):
    application = models.ForeignKey(Application, verbose_name="申请", on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_repr = models.CharField("操作人（快照）", max_length=200)
    action = models.CharField("操作", max_length=40)
    label = models.CharField("说明", max_length=200)
    from_status = models.CharField("原状态", max_length=24, blank=True)
    to_status = models.CharField("新状态", max_length=24, blank=True)
    note = models.TextField("备注", blank=True)
    # Shown on the public status page (without staff notes).
    public = models.BooleanField("申请人可见", default=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.label}"


class Consultation(models.Model):
    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="consultations"
    )
    party_kind = models.CharField("征求对象类型", max_length=16, choices=ConsultationParty.choices)
    party_name = models.CharField("征求对象", max_length=200)
    party_agency = models.ForeignKey(
        "orgs.Agency", verbose_name="被征求机关", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField("征求意见事项", blank=True)
    sent_at = models.DateTimeField("发出时间")
    deadline = models.ForeignKey(
        "rules.Deadline", verbose_name="答复期限", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField("状态", max_length=10, choices=ConsultationState.choices, default=ConsultationState.OPEN)
    opinion = models.CharField("意见", max_length=10, choices=ConsultationOpinion.choices, blank=True)
    opinion_text = models.TextField("意见内容", blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"

    def __str__(self) -> str:
        return f"征求{self.party_name}意见"


class FeeNotice(models.Model):
    application = models.ForeignKey(Application, verbose_name="申请", on_delete=models.CASCADE, related_name="fees")
    basis = models.CharField("计收方式", max_length=12, choices=FeeBasis.choices)
    units = models.PositiveIntegerField("件数或页数")
    units_before = models.PositiveIntegerField("本月此前累计件数", default=0)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    explanation = models.JSONField("计算说明", default=list, blank=True)
    citation = models.CharField("依据", max_length=300)
    notified_at = models.DateTimeField("通知时间")
    # 国办函〔2020〕109号 第六条: the payment period runs from the applicant's receipt of the notice.
    received_on = models.DateField("申请人收到收费通知日期", null=True, blank=True)
    deadline = models.ForeignKey(
        "rules.Deadline", verbose_name="缴费期限", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField("状态", max_length=10, choices=FeeState.choices, default=FeeState.NOTIFIED)
    paid_at = models.DateTimeField("缴费时间", null=True, blank=True)
    payment_note = models.CharField("缴费说明", max_length=300, blank=True)

    class Meta:
        ordering = ["notified_at", "id"]
        verbose_name = "收费通知"
        verbose_name_plural = "收费通知"
        constraints = [
            # 国办函〔2020〕109号 第三条: one basis per application, never both.
            models.UniqueConstraint(
                fields=["application"], condition=~Q(state="cancelled"), name="foi_one_fee_per_application"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_basis_display()} {self.amount} 元"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField("类型", max_length=12, choices=AttachmentKind.choices)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    # Encrypted like the other personal data (identity proofs are personal data).
    data_enc = models.BinaryField("内容（密文）")
    uploaded_at = models.DateTimeField("上传时间")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = "申请附件"
        verbose_name_plural = "申请附件"

    def __str__(self) -> str:
        return self.name


class AppealRecord(TimeStampedModel):
    """An administrative reconsideration or lawsuit about an application (section 四)."""

    application = models.ForeignKey(Application, verbose_name="申请", on_delete=models.CASCADE, related_name="appeals")
    kind = models.CharField("类型", max_length=20, choices=AppealKind.choices)
    filed_on = models.DateField("立案或受理日期")
    body = models.CharField("复议机关或人民法院", max_length=200)
    case_number = models.CharField("案号", max_length=100, blank=True)
    result = models.CharField("结果", max_length=10, choices=AppealResult.choices, default=AppealResult.PENDING)
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        ordering = ["filed_on", "id"]
        verbose_name = "行政复议、行政诉讼"
        verbose_name_plural = "行政复议、行政诉讼"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.filed_on}"

    @property
    def audit_agency_id(self) -> int:
        return self.application.agency_id


class LetterSequence(models.Model):
    agency = models.ForeignKey("orgs.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "告知书文号序列"
        verbose_name_plural = "告知书文号序列"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="foi_letter_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class TrackingSequence(models.Model):
    day = models.DateField("日期", unique=True)
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "申请编号序列"
        verbose_name_plural = "申请编号序列"

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class AgencyProfile(models.Model):
    """How an agency signs its FOI letters (机关代字 for letter numbers, office contact)."""

    agency = models.OneToOneField(
        "orgs.Agency", verbose_name="机关", on_delete=models.CASCADE, related_name="foi_profile"
    )
    letter_prefix = models.CharField(
        "发文机关代字", max_length=40, help_text="如“鄂前政办”，文号为“鄂前政办依申复〔2026〕1号”。"
    )
    letter_word = models.CharField("文种字", max_length=10, default="依申复")
    office_name = models.CharField("受理机构", max_length=200, blank=True)
    office_address = models.CharField("地址", max_length=300, blank=True)
    office_phone = models.CharField("电话", max_length=100, blank=True)

    class Meta:
        verbose_name = "依申请公开设置"
        verbose_name_plural = "依申请公开设置"

    def __str__(self) -> str:
        return self.letter_prefix


class QueryAttempt(models.Model):
    """Status queries and query-code recoveries on the public site, to rate-limit guessing
    (per address, and per (public id, address))."""

    ip = models.CharField("来源地址", max_length=64, db_index=True)
    tracking_number = models.CharField("查询编号", max_length=32, db_index=True)
    purpose = models.CharField(
        "用途", max_length=10, default="status", choices=[("status", "查询进度"), ("recover", "找回查询码")]
    )
    at = models.DateTimeField("时间", db_index=True)
    success = models.BooleanField("成功", default=False)

    class Meta:
        verbose_name = "查询记录"
        verbose_name_plural = "查询记录"

    def __str__(self) -> str:
        return f"{self.ip} {self.tracking_number} {self.at:%Y-%m-%d %H:%M}"


class SubmissionAttempt(models.Model):
    """Accepted public submissions, to limit them per client address and per identity.

    ``key`` is a keyed hash (crypto.blind_index) of ``ip:<address>``, ``id:<type>:<number>``,
    ``email:<address>`` or ``phone:<number>``: nothing personal is stored in clear. A table (not a
    cache) so that every web process of a deployment sees the same counts, on SQLite and PostgreSQL.
    """

    key = models.CharField("识别码", max_length=64)
    at = models.DateTimeField("时间", db_index=True)

    class Meta:
        verbose_name = "在线申请提交记录"
        verbose_name_plural = "在线申请提交记录"
        indexes = [models.Index(fields=["key", "at"], name="foi_submit_key_at_idx")]

    def __str__(self) -> str:
        return f"{self.key[:8]} {self.at:%Y-%m-%d %H:%M}"
