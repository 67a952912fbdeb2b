"""The back-office menu. Entries whose URL does not exist (yet) are left out."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from gongkai.orgs import permissions

# (group, label, url name, who sees it: "all" or "sysadmin")
MENU = [
    ("工作台", "首页", "backoffice:home", "all"),
    ("工作台", "我的通知", "backoffice:notification_list", "all"),
    ("工作台", "审核任务", "backoffice:review_list", "all"),
    ("主动公开", "政府信息", "backoffice:catalog_item_list", "all"),
    ("主动公开", "新建信息", "backoffice:catalog_item_create", "all"),
    ("主动公开", "年度自查", "backoffice:catalog_self_check", "all"),
    ("主动公开", "信息导入", "backoffice:catalog_import", "all"),
    ("主动公开", "公开指南", "backoffice:catalog_guide_list", "all"),
    ("主动公开", "信息分类", "backoffice:catalog_category_list", "sysadmin"),
    ("主动公开", "专题", "backoffice:catalog_topic_list", "sysadmin"),
    ("依申请公开", "申请办理", "backoffice:foi_list", "all"),
    ("依申请公开", "登记申请", "backoffice:foi_register", "all"),
    ("依申请公开", "概况", "backoffice:foi_dashboard", "all"),
    ("依申请公开", "年度报告统计", "backoffice:foi_statistics", "all"),
    ("政务舆情", "舆情态势", "backoffice:opinion_response_dashboard", "all"),
    ("政务舆情", "舆情事件", "backoffice:opinion_event_list", "all"),
    ("政务舆情", "舆情信息", "backoffice:opinion_post_list", "all"),
    ("政务舆情", "监测方案", "backoffice:opinion_plan_list", "all"),
    ("政务舆情", "舆情来源", "backoffice:opinion_source_list", "all"),
    ("政务舆情", "数据导入", "backoffice:opinion_import", "all"),
    ("政务舆情", "单位别名", "backoffice:opinion_alias_list", "all"),
    ("政务舆情", "事件与交办", "backoffice:opinion_response_events", "all"),
    ("政务舆情", "舆情统计", "backoffice:opinion_response_statistics", "all"),
    ("政务舆情", "交办规则", "backoffice:opinion_response_rules", "all"),
    ("政务舆情", "预警推送", "backoffice:opinion_response_webhooks", "sysadmin"),
    ("组织与人员", "行政区划", "backoffice:region_list", "all"),
    ("组织与人员", "机构", "backoffice:agency_list", "all"),
    ("组织与人员", "科室", "backoffice:section_list", "all"),
    ("组织与人员", "人员与角色", "backoffice:user_list", "all"),
    ("组织与人员", "批量导入", "backoffice:org_import", "sysadmin"),
    ("规则与日历", "规则记录", "backoffice:rule_list", "all"),
    ("规则与日历", "节假日日历", "backoffice:calendar", "all"),
    ("规则与日历", "期限计算", "backoffice:deadline_calculator", "all"),
    ("系统", "审计日志", "backoffice:audit_list", "all"),
    ("系统", "邮件发件箱", "backoffice:notification_outbox", "sysadmin"),
    ("系统", "安全策略", "backoffice:security_policy", "sysadmin"),
]


def menu_for(user) -> list[tuple[str, list[tuple[str, str]]]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    sysadmin = permissions.is_system_admin(user)
    for group, label, url_name, audience in MENU:
        if audience == "sysadmin" and not sysadmin:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        groups.setdefault(group, []).append((label, url))
    return list(groups.items())
