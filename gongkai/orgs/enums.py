from django.db import models


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级（地区、盟、州）"
    COUNTY = "county", "县级（区、旗）"
    TOWNSHIP = "township", "乡级（乡镇、街道、苏木）"


# Depth of each level, used to check that a child sits below its parent.
REGION_DEPTH = {
    RegionLevel.PROVINCE: 1,
    RegionLevel.CITY: 2,
    RegionLevel.COUNTY: 3,
    RegionLevel.TOWNSHIP: 4,
}


class AgencyKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    GENERAL_OFFICE = "general_office", "政府办公室"
    DEPARTMENT = "department", "政府工作部门"
    AFFILIATED = "affiliated", "直属单位"
    DEVZONE = "devzone", "开发区管委会"
    TOWNSHIP = "township", "乡镇人民政府（街道办事处）"
    OTHER = "other", "其他"


class Role(models.TextChoices):
    """Roles of SPEC R1.2 (the public needs no account)."""

    SYSTEM_ADMIN = "system_admin", "系统管理员"
    UNIT_ADMIN = "unit_admin", "编制单位管理员"
    SUB_USER = "sub_user", "无审核权的下级用户"
    SECTION_HEAD = "section_head", "科室负责人"
    CONFIDENTIALITY_REVIEWER = "confidentiality_reviewer", "保密审查员"
    LEADER = "leader", "分管负责同志"
    DISCLOSURE_OFFICE_HEAD = "disclosure_office_head", "政务公开办负责人"
    DISCLOSURE_OFFICE_STAFF = "disclosure_office_staff", "政务公开办工作人员"
    NEWS_OFFICE = "news_office", "新闻办"
    OPINION_MONITOR = "opinion_monitor", "舆情监测（网信办、网安）"
    SPOKESPERSON = "spokesperson", "新闻发言人"
    LIAISON = "liaison", "联络员"


# Roles held at an agency that also reach the agencies below it (a county's
# disclosure office oversees its departments and townships). Other roles stay
# within their own unit.
ROLES_COVERING_SUBORDINATES = frozenset(
    {
        Role.LEADER,
        Role.DISCLOSURE_OFFICE_HEAD,
        Role.DISCLOSURE_OFFICE_STAFF,
        Role.NEWS_OFFICE,
        Role.OPINION_MONITOR,
    }
)
