"""Choices of the response side of public opinion (政务舆情回应, SPEC R5.4–R5.10)."""

from django.db import models


class RoutingRuleKind(models.TextChoices):
    """What a routing rule record says (SPEC R5.4; 祥政办通〔2019〕54号 一; 铜政办发〔2016〕71号 三(一))."""

    COMPETENT = "competent", "主管部门（多乡镇事件的第一责任主体 / 多部门事件的牵头部门）"
    COORDINATOR = "coordinator", "组织协调单位（政府办公室、宣传部门或新闻办）"


class AssignmentRole(models.TextChoices):
    LEAD = "lead", "牵头回应"
    CO_HANDLER = "co_handler", "配合回应"
    COORDINATOR = "coordinator", "组织协调"


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", "待认领"
    CLAIMED = "claimed", "已认领"
    RESPONDED = "responded", "已回应"
    WITHDRAWN = "withdrawn", "已撤回"


class AssignmentAction(models.TextChoices):
    CLAIM = "claim", "认领"
    RESPOND = "respond", "回应"
    WITHDRAW = "withdraw", "撤回交办"
    REASSIGN = "reassign", "重新交办"


class Obligation(models.TextChoices):
    """The clocks of SPEC R5.5 ("Rules as data"): rule keys in gongkai.rules."""

    FIRST_RELEASE = "first_release", "首次权威发布"
    PRESS_CONFERENCE = "press_conference", "新闻发布会"
    ORDINARY = "ordinary", "回应"


OBLIGATION_RULE_KEYS = {
    Obligation.FIRST_RELEASE: "opinion.first_release_major",
    Obligation.PRESS_CONFERENCE: "opinion.press_conference_major",
    Obligation.ORDINARY: "opinion.response_ordinary",
}


class ClockOutcome(models.TextChoices):
    OPEN = "open", "计时中"
    MET = "met", "按时完成"
    LATE = "late", "逾期完成"
    SUPERSEDED = "superseded", "已由重大突发事件时限取代"


class ResponseKind(models.TextChoices):
    """Forms of response (SPEC R5.6; 祥政办通〔2019〕54号 六(十四); 北京市 2014 二(五))."""

    AUTHORITATIVE_RELEASE = "authoritative_release", "权威信息发布"
    EXPERT_INTERPRETATION = "expert_interpretation", "专家解读"
    PRESS_CONFERENCE = "press_conference", "新闻发布会"
    BRIEFING = "briefing", "吹风会"
    MEDIA_INTERVIEW = "media_interview", "接受媒体采访"
    FOLLOW_UP = "follow_up", "持续发布（进展）"
    FINAL_RESULT = "final_result", "调查处理结果"
    ADOPTED_SUGGESTIONS = "adopted_suggestions", "意见建议采纳情况"


# Kinds that take place at a moment of their own (the record is published afterwards).
HELD_KINDS = frozenset({ResponseKind.PRESS_CONFERENCE, ResponseKind.BRIEFING, ResponseKind.MEDIA_INTERVIEW})


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "审核中"
    RETURNED = "returned", "退回修改"
    PUBLISHED = "published", "已发布"
    REJECTED = "rejected", "未通过"
    WITHDRAWN = "withdrawn", "已撤回"


class ResponseAction(models.TextChoices):
    SUBMIT = "submit", "提交审核"
    RETURN = "return", "退回修改"
    RESUBMIT = "resubmit", "重新提交"
    PUBLISH = "publish", "审核通过并发布"
    REJECT = "reject", "不予发布"
    CANCEL = "cancel", "撤回审核"
    WITHDRAW = "withdraw", "撤下"


class LeadRecipient(models.TextChoices):
    """Who receives rumour leads (SPEC R5.7; 祥政办通〔2019〕54号 一(五); 铜政办发〔2016〕71号 三(三))."""

    CAC = "cac", "网信部门（网信办）"
    POLICE = "police", "公安机关（网安）"
    OTHER = "other", "其他网络监管部门"


class FeedbackChannel(models.TextChoices):
    """How handling results go back to the people who raised them (铜政办发〔2016〕71号 三(三))."""

    LETTER = "letter", "信件"
    EMAIL = "email", "电子邮箱"
    REPLY = "reply", "跟帖回复"
    PHONE = "phone", "电话"
    WEBSITE = "website", "网站公布"
    OTHER = "other", "其他"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class ReportKind(models.TextChoices):
    """Reports forwarded to the handling units (SPEC R5.3; 000 #8; 004 附件8 二(二))."""

    SPECIAL = "special", "舆情专报"
    QUICK = "quick", "舆情快报"
    BRIEF = "brief", "舆情简报"


class AccountabilityKind(models.TextChoices):
    """The incentive and constraint measures of 祥政办通〔2019〕54号 (十九) (SPEC R5.10): circulated
    criticism and interviews for units (or persons) whose response work is poor, commendation for good work."""

    CRITICISM = "criticism", "通报批评"
    INTERVIEW = "interview", "约谈"
    COMMENDATION = "commendation", "通报表扬"


class RiskLevel(models.TextChoices):
    """The risk level of a major decision's opinion risk assessment (004 附件8 二(二))."""

    LOW = "low", "低风险"
    MEDIUM = "medium", "中风险"
    HIGH = "high", "高风险"


class RiskMethod(models.TextChoices):
    """How the risk was assessed: "通过舆情跟踪、抽样调查、重点走访、会商分析等方式" (004 附件8 二(二))."""

    TRACKING = "tracking", "舆情跟踪"
    SURVEY = "survey", "抽样调查"
    VISITS = "visits", "重点走访"
    CONSULTATION = "consultation", "会商分析"
    OTHER = "other", "其他方式"


class RiskStatus(models.TextChoices):
    DRAFT = "draft", "评估中"
    CONCLUDED = "concluded", "评估完成"
