from django.db import models


class ItemStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "审查中"
    RETURNED = "returned", "已退回修改"
    PUBLISHED = "published", "已公开"
    NOT_PUBLIC = "not_public", "审定不主动公开"
    REJECTED = "rejected", "审查未通过"
    WITHDRAWN = "withdrawn", "已撤回"


class ItemAction(models.TextChoices):
    SUBMIT = "submit", "提交审查"
    RETURN = "return", "退回修改"
    RESUBMIT = "resubmit", "重新提交"
    APPROVE_PUBLISH = "approve_publish", "审定公开"
    APPROVE_NOT_PUBLIC = "approve_not_public", "审定不主动公开"
    REJECT = "reject", "审查不通过"
    CORRECT = "correct", "更正"
    WITHDRAW = "withdraw", "撤回"
    DISCLOSE = "disclose", "转为主动公开"
    CANCEL = "cancel", "撤销审查"


class Attribute(models.TextChoices):
    """公开属性 proposed from drafting (SPEC R2.9, R3.2)."""

    ACTIVE = "active", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class WithholdGround(models.TextChoices):
    """SPEC R3.3 (004 附件4 第八条; 条例 art. 14–16)."""

    STATE_SECRET = "state_secret", "属于国家秘密"
    PROHIBITED_BY_LAW = "prohibited_by_law", "法律、行政法规禁止公开"
    SECURITY_STABILITY = "security_stability", "危及国家安全、公共安全、经济安全和社会稳定"
    COMMERCIAL_SECRET = "commercial_secret", "涉及商业秘密"
    PERSONAL_PRIVACY = "personal_privacy", "涉及个人隐私"
    INTERNAL_AFFAIRS = "internal_affairs", "属于内部事务信息"
    PROCESS_INFORMATION = "process_information", "属于过程性信息"
    LAW_ENFORCEMENT_FILE = "law_enforcement_file", "属于行政执法案卷信息"


# Grounds that require a third-party consultation before a decision (SPEC R3.2, 条例 art. 15, 32).
THIRD_PARTY_GROUNDS = frozenset({WithholdGround.COMMERCIAL_SECRET, WithholdGround.PERSONAL_PRIVACY})


class FiveDisclosure(models.TextChoices):
    """五公开 (seed 002)."""

    DECISION = "decision", "决策公开"
    EXECUTION = "execution", "执行公开"
    MANAGEMENT = "management", "管理公开"
    SERVICE = "service", "服务公开"
    RESULT = "result", "结果公开"


class TimeLimit(models.TextChoices):
    LONG_TERM = "long_term", "长期公开"
    LIMITED = "limited", "限时公开"


class SourceFormat(models.TextChoices):
    DOCX = "docx", "Word 文档"
    HTML = "html", "网页"
    TEXT = "text", "文本"
    FORM = "form", "表单录入"


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", "征求第三方意见"
    AGENCY = "agency", "征求其他机关意见"
    # A decision draft published for public comment (决策草案公开征求意见).
    PUBLIC = "public", "决策草案公开征求意见"


class ConsultationAnswer(models.TextChoices):
    PENDING = "pending", "等待答复"
    AGREE = "agree", "同意公开"
    DISAGREE = "disagree", "不同意公开"
    SILENT_CONSENT = "silent_consent", "逾期未答复（视为同意）"
    NO_ANSWER = "no_answer", "逾期未答复"
    CLOSED = "closed", "征求意见期满"


class StatutoryKind(models.TextChoices):
    """条例 art. 20–21 items counted in section 二 of the annual report (annual-report-format.md).

    Suggested from the title and 文号 (``catalog.statutory.suggest``); a person confirms it on the form.
    ``*_in_force``: a document issued before the system was used and still in force (counted as 现行有效).
    """

    RULE_ISSUED = "rule_issued", "规章（制发）"
    RULE_REPEALED = "rule_repealed", "规章（废止）"
    RULE_IN_FORCE = "rule_in_force", "规章（此前制发、现行有效）"
    NORMATIVE_ISSUED = "normative_issued", "行政规范性文件（制发）"
    NORMATIVE_REPEALED = "normative_repealed", "行政规范性文件（废止）"
    NORMATIVE_IN_FORCE = "normative_in_force", "行政规范性文件（此前制发、现行有效）"
    PERMIT = "permit", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    FEE = "fee", "行政事业性收费"
