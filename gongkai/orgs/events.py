"""Audit event codes of the orgs app: one enum, registered in ``OrgsConfig.ready``.

The values are the codes stored in ``AuditEvent.event`` (never change one: old rows keep it);
the labels are what the audit page shows. Call sites pass the members:
``audit_log(event=OrgsEvent.AUTH_LOCKED, ...)``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgsEvent(models.TextChoices):
    AUTH_LOCKED = "auth.locked", _("账号因登录失败被锁定")
    AUTH_SIGNED_IN = "auth.signed_in", _("登录")
    AUTH_THROTTLED = "auth.throttled", _("登录失败过多，暂缓登录")
    AUTH_TOTP_ENROLLED = "auth.totp_enrolled", _("启用双因素认证")
    AUTH_UNLOCKED = "auth.unlocked", _("解除账号锁定")
    DEMO_LOADED = "demo.loaded", _("载入演示数据")
    AGENCY_ACTIVATED = "orgs.agency.activated", _("启用机构")
    AGENCY_CREATED = "orgs.agency.created", _("新建机构")
    AGENCY_DEACTIVATED = "orgs.agency.deactivated", _("停用机构")
    AGENCY_UPDATED = "orgs.agency.updated", _("修改机构")
    IMPORT_COMPLETED = "orgs.import.completed", _("完成组织机构导入")
    REGION_CREATED = "orgs.region.created", _("新建行政区划")
    REGION_UPDATED = "orgs.region.updated", _("修改行政区划")
    ROLE_GRANTED = "orgs.role.granted", _("授予角色")
    ROLE_REVOKED = "orgs.role.revoked", _("撤销角色")
    SECTION_CREATED = "orgs.section.created", _("新建科室")
    SECTION_UPDATED = "orgs.section.updated", _("修改科室")
    SECURITY_POLICY_UPDATED = "orgs.security_policy.updated", _("修改安全策略")
    USER_ACTIVATED = "orgs.user.activated", _("启用人员")
    USER_CREATED = "orgs.user.created", _("新建人员")
    USER_DEACTIVATED = "orgs.user.deactivated", _("停用人员")
    USER_PASSWORD_SET = "orgs.user.password_set", _("设置密码")
    USER_TWO_FACTOR_RESET = "orgs.user.two_factor_reset", _("重置双因素认证")
    USER_UPDATED = "orgs.user.updated", _("修改人员")
