"""The back-office menu. Each entry names the permission it needs — a row of the permission
matrix (``gongkai/orgs/matrix.py``: object, operation), or ``SIGNED_IN`` for pages every staff
member may open. An entry is shown only to a user who holds that permission somewhere, so
nobody is offered a page that answers 403 (``tests/permissions/test_menu.py``). Entries whose
URL does not exist (yet) are left out."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from gongkai.orgs import permissions

SIGNED_IN = None

# (group, label, url name, permission: (object, operation) of the matrix, or SIGNED_IN)
MENU: list[tuple[str, str, str, tuple[str, str] | None]] = [
    ("工作台", "首页", "backoffice:home", SIGNED_IN),
    ("工作台", "我的通知", "backoffice:notification_list", SIGNED_IN),
    ("工作台", "审核任务", "backoffice:review_list", SIGNED_IN),
    ("主动公开", "政府信息", "backoffice:catalog_item_list", ("catalog.item", "view")),
    ("主动公开", "新建信息", "backoffice:catalog_item_create", ("catalog.item", "create")),
    ("主动公开", "公开时限", "backoffice:catalog_disclosure_clocks", ("catalog.item", "view")),
    ("主动公开", "年度自查", "backoffice:catalog_self_check", ("catalog.item", "view")),
    ("主动公开", "信息导入", "backoffice:catalog_import", ("catalog.item", "import")),
    ("主动公开", "公开指南", "backoffice:catalog_guide_list", ("catalog.guide", "edit")),
    ("主动公开", "信息分类", "backoffice:catalog_category_list", ("catalog.taxonomy", "manage")),
    ("主动公开", "专题", "backoffice:catalog_topic_list", ("catalog.taxonomy", "manage")),
    ("依申请公开", "申请办理", "backoffice:foi_list", ("foi.application", "view")),
    ("依申请公开", "登记申请", "backoffice:foi_register", ("foi.application", "handle")),
    ("依申请公开", "概况", "backoffice:foi_dashboard", ("foi.application", "view")),
    ("依申请公开", "年度报告统计", "backoffice:foi_statistics", ("foi.application", "view")),
    ("领导信箱与热线", "来信办理", "backoffice:interaction_list", ("interaction.letter", "view")),
    ("领导信箱与热线", "登记来电", "backoffice:interaction_register", ("interaction.letter", "create")),
    ("领导信箱与热线", "导入热线工单", "backoffice:interaction_import", ("interaction.letter", "create")),
    ("领导信箱与热线", "交办规则", "backoffice:interaction_rules", ("interaction.letter", "coordinate")),
    ("领导信箱与热线", "来信统计", "backoffice:interaction_statistics", ("interaction.letter", "view")),
    ("年度报告", "政府信息公开工作年度报告", "backoffice:annual_overview", ("annual.report", "view")),
    ("年度报告", "政府公报", "backoffice:annual_gazette_list", ("annual.gazette", "manage")),
    ("政务舆情", "舆情态势", "backoffice:opinion_response_dashboard", ("opinion.response", "view")),
    ("政务舆情", "舆情事件", "backoffice:opinion_event_list", ("opinion.monitoring", "view")),
    ("政务舆情", "舆情信息", "backoffice:opinion_post_list", ("opinion.monitoring", "view")),
    ("政务舆情", "监测方案", "backoffice:opinion_plan_list", ("opinion.monitoring", "view")),
    ("政务舆情", "舆情来源", "backoffice:opinion_source_list", ("opinion.monitoring", "view")),
    ("政务舆情", "数据导入", "backoffice:opinion_import", ("opinion.monitoring", "manage")),
    ("政务舆情", "单位别名", "backoffice:opinion_alias_list", ("opinion.monitoring", "view")),
    ("政务舆情", "事件与交办", "backoffice:opinion_response_events", ("opinion.response", "view")),
    ("政务舆情", "舆情统计", "backoffice:opinion_response_statistics", ("opinion.response", "view")),
    ("政务舆情", "交办规则", "backoffice:opinion_response_rules", ("opinion.response", "view")),
    ("政务舆情", "预警推送", "backoffice:opinion_response_webhooks", ("system.settings", "manage")),
    ("新闻发布", "新闻发布会", "backoffice:press_conference_list", ("press.conference", "view")),
    ("新闻发布", "策划发布会", "backoffice:press_conference_create", ("press.conference", "create")),
    ("新闻发布", "在线访谈", "backoffice:press_interview_list", ("press.conference", "view")),
    ("新闻发布", "新闻发言人备案", "backoffice:press_filing_list", ("press.spokesperson", "view")),
    ("新闻发布", "发布频次", "backoffice:press_compliance", ("press.conference", "coordinate")),
    ("网站与新媒体", "网站与新媒体", "backoffice:websites_account_list", ("websites.account", "view")),
    ("网站与新媒体", "登记账号", "backoffice:websites_account_create", ("websites.account", "create")),
    ("网站与新媒体", "问题与整改", "backoffice:websites_finding_list", ("websites.inspection", "view")),
    ("网站与新媒体", "月度检查", "backoffice:websites_inspection", ("websites.inspection", "view")),
    ("政策制定与解读", "政策文件", "backoffice:policy_list", ("policy.draft", "view")),
    ("政策制定与解读", "起草政策文件", "backoffice:policy_create", ("policy.draft", "create")),
    ("政策制定与解读", "解读专家库", "backoffice:policy_expert_list", ("policy.expert", "view")),
    ("监督考核", "培训", "backoffice:oversight_training", ("oversight.training", "view")),
    ("监督考核", "责任追究", "backoffice:oversight_cases", ("oversight.case", "view")),
    ("监督考核", "社会评议", "backoffice:oversight_surveys", ("oversight.survey", "view")),
    ("监督考核", "考核", "backoffice:oversight_assessment", ("oversight.assessment", "view")),
    ("组织与人员", "行政区划", "backoffice:region_list", ("orgs.unit", "view")),
    ("组织与人员", "机构", "backoffice:agency_list", ("orgs.unit", "view")),
    ("组织与人员", "科室", "backoffice:section_list", ("orgs.unit", "view")),
    ("组织与人员", "人员与角色", "backoffice:user_list", ("orgs.unit", "view")),
    ("组织与人员", "批量导入", "backoffice:org_import", ("system.settings", "manage")),
    ("规则与日历", "规则记录", "backoffice:rule_list", ("rules.rule", "view")),
    ("规则与日历", "节假日日历", "backoffice:calendar", ("rules.rule", "view")),
    ("规则与日历", "期限计算", "backoffice:deadline_calculator", ("rules.rule", "view")),
    ("系统", "审计日志", "backoffice:audit_list", ("audit.log", "view")),
    ("系统", "邮件发件箱", "backoffice:notification_outbox", ("system.settings", "manage")),
    ("系统", "安全策略", "backoffice:security_policy", ("system.settings", "manage")),
]


def may_open(user, permission: tuple[str, str] | None) -> bool:
    if permission is SIGNED_IN:
        return bool(getattr(user, "is_authenticated", False) and user.is_active)
    obj, op = permission
    return permissions.allowed_anywhere(user, obj, op)


def menu_for(user) -> list[tuple[str, list[tuple[str, str]]]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for group, label, url_name, permission in MENU:
        if not may_open(user, permission):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        groups.setdefault(group, []).append((label, url))
    return list(groups.items())
