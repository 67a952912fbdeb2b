"""Chinese names of audit event codes: the one registry, owned by ``audit``.

Event codes (``foi.registered``, ``catalog.item.submit``) are for machines; people read the
labels below. Three sources, tried in order:

1. ``EVENT_LABELS``: the fixed codes, one line each.
2. ``EVENT_FAMILIES``: codes built from an app's action enum (``f"foi.{action}"``); the
   enum is named by its dotted path and imported only when a label is asked for, so
   ``audit`` (the bottom layer) imports no app at module level.
3. A readable fallback from the code's first segment (``"依申请公开：其他操作"``) — never
   the raw dotted code.

A test (``tests/audit/test_labels.py``) checks that every code the code base writes has
an explicit label, so the fallback is a safety net, not the normal path.
"""

from __future__ import annotations

from functools import cache

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EVENT_LABELS: dict[str, str] = {
    "audit.verified": gettext_lazy("校验审计链"),
    "auth.locked": gettext_lazy("账号因登录失败被锁定"),
    "auth.signed_in": gettext_lazy("登录"),
    "auth.throttled": gettext_lazy("登录失败过多，暂缓登录"),
    "auth.totp_enrolled": gettext_lazy("启用双因素认证"),
    "auth.unlocked": gettext_lazy("解除账号锁定"),
    "calendar.day_added": gettext_lazy("新增节假日安排"),
    "calendar.day_corrected": gettext_lazy("更正节假日安排"),
    "calendar.day_deleted": gettext_lazy("删除节假日安排"),
    "calendar.year_entered": gettext_lazy("录入全年节假日"),
    "catalog.attachment.added": gettext_lazy("添加附件"),
    "catalog.attachment.removed": gettext_lazy("移除附件"),
    "catalog.category.activated": gettext_lazy("启用或停用信息分类"),
    "catalog.category.created": gettext_lazy("新建信息分类"),
    "catalog.category.reordered": gettext_lazy("调整信息分类顺序"),
    "catalog.category.updated": gettext_lazy("修改信息分类"),
    "catalog.consultation.answered": gettext_lazy("征求意见已答复"),
    "catalog.consultation.expired": gettext_lazy("征求意见逾期未答复"),
    "catalog.consultation.sent": gettext_lazy("发出征求意见"),
    "catalog.guide.saved": gettext_lazy("保存公开指南"),
    "catalog.import.completed": gettext_lazy("完成信息导入"),
    "catalog.item.created": gettext_lazy("新建政府信息"),
    "catalog.item.reopened": gettext_lazy("重新打开政府信息"),
    "catalog.item.updated": gettext_lazy("修改政府信息"),
    "catalog.redaction.added": gettext_lazy("标记不予公开内容"),
    "catalog.redaction.removed": gettext_lazy("取消不予公开标记"),
    "catalog.topic.activated": gettext_lazy("启用或停用专题"),
    "catalog.topic.created": gettext_lazy("新建专题"),
    "catalog.topic.updated": gettext_lazy("修改专题"),
    "deadline.due_soon": gettext_lazy("期限即将届满"),
    "deadline.overdue": gettext_lazy("期限已逾期"),
    "deadline.recomputed": gettext_lazy("重新计算期限"),
    "deadline.started": gettext_lazy("开始计时"),
    "demo.loaded": gettext_lazy("载入演示数据"),
    "foi.appeal_created": gettext_lazy("登记复议或诉讼"),
    "foi.appeal_updated": gettext_lazy("更新复议或诉讼"),
    "foi.attachment_viewed": gettext_lazy("查看申请附件"),
    "foi.consultation_answered": gettext_lazy("第三方意见已答复"),
    "foi.consultation_lapsed": gettext_lazy("第三方逾期未提出意见"),
    "foi.extended": gettext_lazy("延长答复期限"),
    "foi.extension_requested": gettext_lazy("申请延长答复期限"),
    "foi.fee_reply": gettext_lazy("申请人答复收费通知"),
    "foi.mass_marked": gettext_lazy("标记为数量、频次明显超过合理范围的申请"),
    "foi.overdue_escalated": gettext_lazy("逾期申请已督办"),
    "foi.personal_data_viewed": gettext_lazy("查看申请人完整个人信息"),
    "foi.profile_saved": gettext_lazy("保存申请办理设置"),
    "foi.received": gettext_lazy("收到在线申请"),
    "foi.registered": gettext_lazy("登记申请"),
    "foi.repeat_linked": gettext_lazy("关联重复申请"),
    "foi.receipt": gettext_lazy("发送申请回执"),
    "foi.mass_delay_set": gettext_lazy("确定批量申请的合理答复期限"),
    "foi.mass_delay": gettext_lazy("批量申请延迟答复"),
    "foi.fee_notice_received": gettext_lazy("申请人收到收费通知"),
    "foi.query_code_recovered": gettext_lazy("找回查询码"),
    "foi.query_code_recovery": gettext_lazy("申请找回查询码"),
    "foi.query_code_recovery_sent": gettext_lazy("发送找回的查询码"),
    "notification.retried": gettext_lazy("重新发送通知"),
    "opinion.accountability": gettext_lazy("舆情问责通报"),
    "opinion.accountability_recorded": gettext_lazy("登记通报、约谈记录"),
    "opinion.alias.created": gettext_lazy("新增单位别名"),
    "opinion.alias.deleted": gettext_lazy("删除单位别名"),
    "opinion.assignment_claimed": gettext_lazy("认领交办"),
    "opinion.assignment_created": gettext_lazy("交办舆情事件"),
    "opinion.clock_escalated": gettext_lazy("回应时限逾期督办"),
    "opinion.clock_moved": gettext_lazy("调整回应时限"),
    "opinion.clock_stopped": gettext_lazy("停止回应计时"),
    "opinion.clock_superseded": gettext_lazy("回应时限被替代"),
    "opinion.event.level_changed": gettext_lazy("调整预警等级"),
    "opinion.event_routed": gettext_lazy("舆情事件已交办"),
    "opinion.emergency_graded": gettext_lazy("确定突发事件等级"),
    "opinion.feedback_publication_drafted": gettext_lazy("起草采纳情况反馈"),
    "opinion.feedback_recorded": gettext_lazy("登记公众反馈"),
    "opinion.import.file": gettext_lazy("导入舆情数据文件"),
    "opinion.meeting": gettext_lazy("舆情会商"),
    "opinion.meeting_recorded": gettext_lazy("登记会商记录"),
    "opinion.plan.created": gettext_lazy("新建监测方案"),
    "opinion.plan.deleted": gettext_lazy("删除监测方案"),
    "opinion.plan.updated": gettext_lazy("修改监测方案"),
    "opinion.report": gettext_lazy("舆情专报"),
    "opinion.report_issued": gettext_lazy("报送舆情专报"),
    "opinion.report_read": gettext_lazy("阅知舆情专报"),
    "opinion.response_created": gettext_lazy("起草回应"),
    "opinion.response_updated": gettext_lazy("修改回应"),
    "opinion.risk_assessment_concluded": gettext_lazy("完成风险评估"),
    "opinion.risk_assessment_created": gettext_lazy("新建风险评估"),
    "opinion.risk_assessment_updated": gettext_lazy("修改风险评估"),
    "opinion.risk_high": gettext_lazy("风险评估为高风险"),
    "opinion.routing_rule_created": gettext_lazy("新建交办规则"),
    "opinion.routing_rule_deleted": gettext_lazy("删除交办规则"),
    "opinion.routing_rule_updated": gettext_lazy("修改交办规则"),
    "opinion.rumour_lead": gettext_lazy("谣言线索"),
    "opinion.rumour_lead_handed": gettext_lazy("移交谣言线索"),
    "opinion.rumour_lead_result": gettext_lazy("登记谣言线索处理结果"),
    "opinion.source.created": gettext_lazy("新建舆情来源"),
    "opinion.source.token_issued": gettext_lazy("签发来源接口令牌"),
    "opinion.source.token_revoked": gettext_lazy("吊销来源接口令牌"),
    "opinion.source.updated": gettext_lazy("修改舆情来源"),
    "opinion.warning": gettext_lazy("舆情预警"),
    "opinion.warning_raised": gettext_lazy("发出舆情预警"),
    "opinion.webhook_created": gettext_lazy("新建预警推送地址"),
    "opinion.webhook_retried": gettext_lazy("重新推送预警"),
    "opinion.webhook_updated": gettext_lazy("修改预警推送地址"),
    "orgs.agency.activated": gettext_lazy("启用或停用机构"),
    "orgs.agency.created": gettext_lazy("新建机构"),
    "orgs.agency.updated": gettext_lazy("修改机构"),
    "orgs.import.completed": gettext_lazy("完成组织机构导入"),
    "orgs.region.created": gettext_lazy("新建行政区划"),
    "orgs.region.updated": gettext_lazy("修改行政区划"),
    "orgs.role.granted": gettext_lazy("授予角色"),
    "orgs.role.revoked": gettext_lazy("撤销角色"),
    "orgs.section.created": gettext_lazy("新建科室"),
    "orgs.section.updated": gettext_lazy("修改科室"),
    "orgs.security_policy.updated": gettext_lazy("修改安全策略"),
    "orgs.user.activated": gettext_lazy("启用或停用人员"),
    "orgs.user.created": gettext_lazy("新建人员"),
    "orgs.user.password_set": gettext_lazy("设置密码"),
    "orgs.user.two_factor_reset": gettext_lazy("重置双因素认证"),
    "orgs.user.updated": gettext_lazy("修改人员"),
    "review.pending": gettext_lazy("审核待办"),
    "review.unstaffed": gettext_lazy("审核步骤无可审核人员"),
    "review.reassigned": gettext_lazy("审核步骤改派"),
    "rule.created": gettext_lazy("新建规则记录"),
    "rule.deleted": gettext_lazy("删除规则记录"),
    "rule.updated": gettext_lazy("修改规则记录"),
}

# prefix -> (subject shown before the action, dotted path of the TextChoices enum of the actions).
EVENT_FAMILIES: dict[str, tuple[str, str]] = {
    "catalog.item.": (gettext_lazy("政府信息"), "gongkai.catalog.enums.ItemAction"),
    "foi.": (gettext_lazy("依申请公开"), "gongkai.foi.enums.Action"),
    "deadline.": (gettext_lazy("期限"), "gongkai.rules.enums.DeadlineAction"),
    "opinion.assignment_": (gettext_lazy("舆情交办"), "gongkai.opinion.response.enums.AssignmentAction"),
    "opinion.response_": (gettext_lazy("舆情回应"), "gongkai.opinion.response.enums.ResponseAction"),
    "opinion.event.": (gettext_lazy("舆情事件"), "gongkai.opinion.enums.EventAction"),
    "review.": (gettext_lazy("审核"), "gongkai.workflow.enums.ReviewEvent"),
}

# First segment of a code -> the area, for the fallback.
AREA_LABELS: dict[str, str] = {
    "audit": gettext_lazy("审计日志"),
    "auth": gettext_lazy("登录与账号安全"),
    "calendar": gettext_lazy("节假日日历"),
    "catalog": gettext_lazy("主动公开"),
    "deadline": gettext_lazy("期限"),
    "demo": gettext_lazy("演示数据"),
    "foi": gettext_lazy("依申请公开"),
    "notification": gettext_lazy("通知"),
    "opinion": gettext_lazy("政务舆情"),
    "orgs": gettext_lazy("组织与人员"),
    "review": gettext_lazy("审核"),
    "rule": gettext_lazy("规则记录"),
}


# Codes registered by their owning app (``register_events``): code -> label.
_REGISTERED: dict[str, str] = {}


def register_events(enum, *, area: str | None = None, area_label: str | None = None) -> None:
    """Register an app's audit event enum (the app's ``events.py``, from ``AppConfig.ready``).

    ``enum`` is a ``models.TextChoices`` whose values are the full event codes
    (``"press.conference.planned"``) and whose labels are the Chinese names shown on the audit
    page (Zulip's ``AuditLogEventType`` is the model: one enum per app, no string literals at
    the call sites: ``audit.services.record(PressEvent.CONFERENCE_PLANNED, ...)``).
    ``area``/``area_label`` name the app's first code segment for the fallback label. A code
    registered twice with a different label is refused.
    """
    from django.core.exceptions import ImproperlyConfigured

    for code, label in enum.choices:
        known = _REGISTERED.get(code)
        if known is not None and str(known) != str(label):
            raise ImproperlyConfigured(f"audit event {code!r} is registered twice with different labels")
        _REGISTERED[code] = label
    if area and area_label:
        AREA_LABELS.setdefault(area, area_label)


def registered_codes() -> frozenset[str]:
    return frozenset(_REGISTERED)


@cache
def _family_choices(path: str) -> dict[str, str]:
    try:
        enum = import_string(path)
    except ImportError:
        return {}
    return dict(enum.choices)


def family_label(code: str) -> str | None:
    """The label of a code built from an action enum, or None."""
    for prefix, (subject, path) in EVENT_FAMILIES.items():
        if code.startswith(prefix):
            action = code[len(prefix) :]
            label = _family_choices(path).get(action)
            if label is not None:
                return f"{subject}：{label}"
    return None


def event_label(code: str) -> str:
    """Chinese name of an event code; never the raw code."""
    if not code:
        return _("未命名事件")
    fixed = _REGISTERED.get(code)
    if fixed is None:
        fixed = EVENT_LABELS.get(code)
    if fixed is not None:
        return str(fixed)
    family = family_label(code)
    if family is not None:
        return family
    area = AREA_LABELS.get(code.split(".", 1)[0])
    return _("%(area)s：其他操作") % {"area": area} if area else _("其他操作")


def has_explicit_label(code: str) -> bool:
    return code in _REGISTERED or code in EVENT_LABELS or family_label(code) is not None


# Common keys of ``data`` that are not fields of the target model.
DATA_KEY_LABELS: dict[str, str] = {
    "ok": gettext_lazy("结果完好"),
    "checked": gettext_lazy("已校验条数"),
    "broken_seq": gettext_lazy("断裂序号"),
    "reason": gettext_lazy("原因"),
    "note": gettext_lazy("备注"),
    "detail": gettext_lazy("详情"),
    "extension": gettext_lazy("延长"),
    "event": gettext_lazy("舆情事件"),
    "count": gettext_lazy("条数"),
    "head_seq": gettext_lazy("链头序号"),
    "head_hash": gettext_lazy("链头哈希"),
    "decisions": gettext_lazy("答复意见"),
    "comment": gettext_lazy("意见"),
    "step": gettext_lazy("步骤"),
    "decision": gettext_lazy("决定"),
    "role": gettext_lazy("角色"),
    "agency": gettext_lazy("机构"),
    "regions": gettext_lazy("行政区划"),
    "agencies": gettext_lazy("机构"),
    "sections": gettext_lazy("科室"),
    "users": gettext_lazy("人员"),
    "roles": gettext_lazy("角色"),
    "data": gettext_lazy("内容"),
}


def data_key_label(key: str) -> str:
    label = DATA_KEY_LABELS.get(key)
    return str(label) if label is not None else key
