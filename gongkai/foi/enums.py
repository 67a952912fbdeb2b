"""Choices of disclosure on application (依申请公开): channels, applicants, statuses, actions.

Reply types (the rows of the annual report table 三) are in ``replies.py``.
"""

from django.db import models


class RequestKind(models.TextChoices):
    DISCLOSURE = "disclosure", "申请公开政府信息"
    # SPEC R4.6 / 条例 art. 41: a request to correct inaccurate records of oneself. Not an
    # application for disclosure: it is not counted in section 三 of the annual report.
    CORRECTION = "correction", "申请更正政府信息"


class Channel(models.TextChoices):
    """SPEC R4.1 (条例 art. 29; 004 附件2 第一条)."""

    ONLINE = "online", "在线申请"
    IN_PERSON = "in_person", "当面申请"
    LETTER = "letter", "信函申请"
    FAX = "fax", "传真申请"
    EMAIL = "email", "电子邮件申请"


class ApplicantKind(models.TextChoices):
    """The columns of the annual report table 三."""

    NATURAL = "natural", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_INTEREST = "public_interest", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER_ORG = "other_org", "其他"


ORGANISATION_KINDS = frozenset(
    {
        ApplicantKind.COMMERCIAL,
        ApplicantKind.RESEARCH,
        ApplicantKind.PUBLIC_INTEREST,
        ApplicantKind.LEGAL_SERVICE,
        ApplicantKind.OTHER_ORG,
    }
)


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO_PERMIT = "hk_macao_permit", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan_permit", "台湾居民来往大陆通行证"
    FOREIGN_PERMANENT = "foreign_permanent", "外国人永久居留身份证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他有效证件"


class DeliveryForm(models.TextChoices):
    """The form in which the information is wanted (SPEC R4.5; 004 附件2 第八条)."""

    PAPER = "paper", "纸质文本"
    EMAIL = "email", "电子邮件"
    ONSITE = "onsite", "当场查阅、抄录"
    DISC = "disc", "光盘、U盘等电子介质"


class ObtainMethod(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    COLLECT = "collect", "自行领取"


class Status(models.TextChoices):
    RECEIVED = "received", "已收到"
    SUPPLEMENT_REQUESTED = "supplement_requested", "待申请人补正"
    IN_PROGRESS = "in_progress", "办理中"
    CONSULTING = "consulting", "征求意见中（暂停计时）"
    FEE_NOTIFIED = "fee_notified", "待申请人缴费（暂停计时）"
    DRAFTED = "drafted", "答复拟稿"
    UNDER_REVIEW = "under_review", "答复保密审查中"
    APPROVED = "approved", "审查通过，待发出"
    SENT = "sent", "已答复"
    DELIVERED = "delivered", "已送达"
    TRANSFERRED = "transferred", "已告知或转送有权机关"
    WITHDRAWN = "withdrawn", "申请人已撤回"
    ABANDONED_SUPPLEMENT = "abandoned_supplement", "逾期未补正，不再处理"
    ABANDONED_FEE = "abandoned_fee", "逾期未缴费，不再处理"


OPEN_STATUSES = (
    Status.RECEIVED,
    Status.SUPPLEMENT_REQUESTED,
    Status.IN_PROGRESS,
    Status.CONSULTING,
    Status.FEE_NOTIFIED,
    Status.DRAFTED,
    Status.UNDER_REVIEW,
    Status.APPROVED,
)
# The application is concluded (办结): counted in section 三 （七）of the year it concluded.
CONCLUDED_STATUSES = (
    Status.SENT,
    Status.DELIVERED,
    Status.TRANSFERRED,
    Status.WITHDRAWN,
    Status.ABANDONED_SUPPLEMENT,
    Status.ABANDONED_FEE,
)


class Action(models.TextChoices):
    ACCEPT = "accept", "开始办理"
    REQUEST_SUPPLEMENT = "request_supplement", "告知补正"
    SUPPLEMENT = "supplement", "收到补正"
    ABANDON_SUPPLEMENT = "abandon_supplement", "逾期未补正，不再处理"
    CONSULT = "consult", "征求第三方或其他机关意见"
    END_CONSULTATION = "end_consultation", "征求意见结束，恢复计时"
    EXTEND = "extend", "延长答复期限"
    FEE_NOTICE = "fee_notice", "发出收费通知"
    FEE_PAID = "fee_paid", "确认已缴费"
    ABANDON_FEE = "abandon_fee", "逾期未缴费，不再处理"
    DRAFT = "draft", "拟写答复"
    REOPEN = "reopen", "退回继续办理"
    SUBMIT_REVIEW = "submit_review", "提交保密审查"
    REVIEW_APPROVED = "review_approved", "保密审查通过"
    REVIEW_RETURNED = "review_returned", "保密审查退回"
    SEND = "send", "发出答复"
    DELIVER = "deliver", "登记送达"
    TRANSFER = "transfer", "告知或转送有权机关"
    WITHDRAW = "withdraw", "申请人撤回"


# Who may take each action, its inputs and whether it is offered: one spec per action in actions.py.
# Actions an applicant may take online from the status page.
APPLICANT_ACTIONS = frozenset({Action.SUPPLEMENT, Action.WITHDRAW})


class ConsultationParty(models.TextChoices):
    THIRD_PARTY = "third_party", "第三方"
    AGENCY = "agency", "其他行政机关"


class ConsultationState(models.TextChoices):
    OPEN = "open", "等待意见"
    ANSWERED = "answered", "已答复"
    LAPSED = "lapsed", "逾期未答复"


class ConsultationOpinion(models.TextChoices):
    AGREE = "agree", "同意公开"
    OBJECT = "object", "不同意公开"
    NONE = "none", "未提出意见"


class FeeBasis(models.TextChoices):
    """国办函〔2020〕109号 第三条: per application or per page, never both on one application."""

    PER_PIECE = "per_piece", "按件计收"
    PER_PAGE = "per_page", "按量计收"


class FeeState(models.TextChoices):
    NOTIFIED = "notified", "待缴费"
    PAID = "paid", "已缴费"
    LAPSED = "lapsed", "逾期未缴费"
    CANCELLED = "cancelled", "已撤销"


class DeliveryMethod(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    IN_PERSON = "in_person", "当面领取"
    ONLINE = "online", "网上查看"


class AttachmentKind(models.TextChoices):
    IDENTITY = "identity", "身份证明"
    SUPPLEMENT = "supplement", "补正材料"
    PAYMENT = "payment", "缴费凭证"
    REPLY = "reply", "答复附件"
    OTHER = "other", "其他材料"


class AppealKind(models.TextChoices):
    """The three groups of section 四 of the annual report."""

    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER = "litigation_after", "行政诉讼（复议后起诉）"


class AppealResult(models.TextChoices):
    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"
