"""The demo jurisdiction and accounts (loaded by ``manage.py load_demo``, run by ``make run``).

Built from the seed documents: 鄂托克前旗 (seed 004: its government's organisation code
000014349 is in the document header, its units are the addressees), plus the sample
profiles' localities 祥云县 (seed 001), 铜川市 (seed 002) and 北京市 (seed 003).

Loading is idempotent: rows are found by their codes (regions, agencies), names (sections)
or usernames, and only what is missing is created. Existing rows are never changed, so a
region a data migration created under a slightly different name stays as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.orgs.events import OrgsEvent

from .codes import org_code_check_char
from .enums import AgencyKind, RegionLevel, Role
from .models import Agency, Region, RoleAssignment, Section, User

DEMO_PASSWORD = "Demo!2026gk"

# (code, name, level, parent code). Township codes: the county's 6 digits + a 3-digit township number.
DEMO_REGIONS: list[tuple[str, str, str, str | None]] = [
    ("150000", "内蒙古自治区", RegionLevel.PROVINCE, None),
    ("150600", "鄂尔多斯市", RegionLevel.CITY, "150000"),
    ("150623", "鄂托克前旗", RegionLevel.COUNTY, "150600"),
    ("150623100", "敖勒召其镇", RegionLevel.TOWNSHIP, "150623"),
    ("150623101", "城川镇", RegionLevel.TOWNSHIP, "150623"),
    ("150623102", "上海庙镇", RegionLevel.TOWNSHIP, "150623"),
    ("150623103", "昂素镇", RegionLevel.TOWNSHIP, "150623"),
    ("530000", "云南省", RegionLevel.PROVINCE, None),
    ("532900", "大理白族自治州", RegionLevel.CITY, "530000"),
    ("532923", "祥云县", RegionLevel.COUNTY, "532900"),
    ("610000", "陕西省", RegionLevel.PROVINCE, None),
    ("610200", "铜川市", RegionLevel.CITY, "610000"),
    ("110000", "北京市", RegionLevel.PROVINCE, None),
    # Seed 000 (Traditional characters) does not name its province: it is filed under this sample
    # region. 99 is not a province code of GB/T 2260, so it cannot be mistaken for a real one.
    ("990000", "样本省（原文未载明省份）", RegionLevel.PROVINCE, None),
]


def _code(body: str) -> str:
    """A 9-character organisation code with its GB 11714 check character."""
    return body + org_code_check_char(body)


@dataclass(frozen=True)
class DemoAgency:
    key: str
    name: str
    short_name: str
    kind: str
    region: str
    code: str
    department_code: str
    parent: str | None = None
    sections: tuple[str, ...] = field(default_factory=tuple)


# The bodies start with 0 so they never meet the test factories' codes (10000000 upwards).
DEMO_AGENCIES: list[DemoAgency] = [
    DemoAgency(
        "eqq_gov", "鄂托克前旗人民政府", "旗政府", AgencyKind.GOVERNMENT, "150623", "000014349", "001"
    ),  # seed 004 header: 索引号 000014349/2018-01705
    DemoAgency(
        "eqq_office",
        "鄂托克前旗人民政府办公室",
        "旗政府办",
        AgencyKind.GENERAL_OFFICE,
        "150623",
        _code("01506201"),
        "002",
        "eqq_gov",
        ("秘书科", "政务公开办", "督查室"),
    ),
    DemoAgency(
        "eqq_edu",
        "鄂托克前旗教育局",
        "教育局",
        AgencyKind.DEPARTMENT,
        "150623",
        _code("01506211"),
        "011",
        "eqq_gov",
        ("办公室", "基础教育股", "计划财务股"),
    ),
    DemoAgency(
        "eqq_health",
        "鄂托克前旗卫生健康委员会",
        "卫健委",
        AgencyKind.DEPARTMENT,
        "150623",
        _code("01506212"),
        "012",
        "eqq_gov",
        ("办公室", "医政医管股"),
    ),
    DemoAgency(
        "eqq_land",
        "鄂托克前旗自然资源局",
        "自然资源局",
        AgencyKind.DEPARTMENT,
        "150623",
        _code("01506213"),
        "013",
        "eqq_gov",
        ("办公室",),
    ),
    DemoAgency(
        "eqq_finance",
        "鄂托克前旗财政局",
        "财政局",
        AgencyKind.DEPARTMENT,
        "150623",
        _code("01506214"),
        "014",
        "eqq_gov",
        ("办公室", "预算股"),
    ),
    DemoAgency(
        "eqq_police",
        "鄂托克前旗公安局",
        "公安局",
        AgencyKind.DEPARTMENT,
        "150623",
        _code("01506215"),
        "015",
        "eqq_gov",
        ("办公室", "网络安全保卫大队"),
    ),
    DemoAgency(
        "eqq_devzone",
        "上海庙经济开发区管委会",
        "上海庙开发区",
        AgencyKind.DEVZONE,
        "150623",
        _code("01506250"),
        "050",
        "eqq_gov",
        ("综合办公室",),
    ),
    DemoAgency(
        "eqq_aolezhaoqi",
        "敖勒召其镇人民政府",
        "敖勒召其镇",
        AgencyKind.TOWNSHIP,
        "150623100",
        _code("01506291"),
        "101",
        "eqq_gov",
        ("党政综合办公室",),
    ),
    DemoAgency(
        "eqq_chengchuan",
        "城川镇人民政府",
        "城川镇",
        AgencyKind.TOWNSHIP,
        "150623101",
        _code("01506292"),
        "102",
        "eqq_gov",
        ("党政综合办公室",),
    ),
    DemoAgency(
        "eqq_shanghaimiao",
        "上海庙镇人民政府",
        "上海庙镇",
        AgencyKind.TOWNSHIP,
        "150623102",
        _code("01506293"),
        "103",
        "eqq_gov",
        ("党政综合办公室",),
    ),
    DemoAgency(
        "eqq_angsu",
        "昂素镇人民政府",
        "昂素镇",
        AgencyKind.TOWNSHIP,
        "150623103",
        _code("01506294"),
        "104",
        "eqq_gov",
        ("党政综合办公室",),
    ),
    DemoAgency("xy_gov", "祥云县人民政府", "县政府", AgencyKind.GOVERNMENT, "532923", _code("05329201"), "001"),
    DemoAgency(
        "xy_office",
        "祥云县人民政府办公室",
        "县政府办",
        AgencyKind.GENERAL_OFFICE,
        "532923",
        _code("05329202"),
        "002",
        "xy_gov",
        ("政务公开办",),
    ),
    DemoAgency("tc_gov", "铜川市人民政府", "市政府", AgencyKind.GOVERNMENT, "610200", _code("06102001"), "001"),
    DemoAgency(
        "tc_office",
        "铜川市人民政府办公室",
        "市政府办",
        AgencyKind.GENERAL_OFFICE,
        "610200",
        _code("06102002"),
        "002",
        "tc_gov",
        ("政务公开科",),
    ),
    DemoAgency("bj_gov", "北京市人民政府", "市政府", AgencyKind.GOVERNMENT, "110000", _code("01100001"), "001"),
    DemoAgency(
        "bj_office",
        "北京市人民政府办公厅",
        "市政府办公厅",
        AgencyKind.GENERAL_OFFICE,
        "110000",
        _code("01100002"),
        "002",
        "bj_gov",
        ("政务公开处",),
    ),
    DemoAgency("sample_gov", "样本省人民政府", "省政府", AgencyKind.GOVERNMENT, "990000", _code("09900001"), "001"),
    DemoAgency(
        "sample_office",
        "样本省人民政府办公厅",
        "省政府办公厅",
        AgencyKind.GENERAL_OFFICE,
        "990000",
        _code("09900002"),
        "002",
        "sample_gov",
        ("政务公开处",),
    ),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    title: str
    description: str
    roles: tuple[tuple[str, str | None, str | None], ...]  # (role, agency key, section name)
    superuser: bool = False


DEMO_USERS: list[DemoAccount] = [
    DemoAccount(
        "admin", "系统管理员", "", "系统管理员（亦可进入 Django 管理后台）", ((Role.SYSTEM_ADMIN, None, None),), True
    ),
    DemoAccount(
        "unitadmin",
        "王丽",
        "办公室主任",
        "编制单位管理员（鄂托克前旗教育局）",
        ((Role.UNIT_ADMIN, "eqq_edu", None),),
    ),
    DemoAccount(
        "subuser",
        "李明",
        "科员",
        "无审核权的下级用户（教育局 · 办公室）",
        ((Role.SUB_USER, "eqq_edu", "办公室"),),
    ),
    DemoAccount(
        "sectionhead",
        "赵强",
        "办公室主任",
        "科室负责人（教育局 · 办公室）",
        ((Role.SECTION_HEAD, "eqq_edu", "办公室"),),
    ),
    DemoAccount(
        "reviewer",
        "孙敏",
        "保密员",
        "保密审查员（鄂托克前旗教育局）",
        ((Role.CONFIDENTIALITY_REVIEWER, "eqq_edu", None),),
    ),
    DemoAccount(
        "gkbhead",
        "周华",
        "政务公开办主任",
        "政务公开办负责人（鄂托克前旗人民政府，含下属单位）",
        ((Role.DISCLOSURE_OFFICE_HEAD, "eqq_gov", None),),
    ),
    DemoAccount(
        "gkbstaff",
        "吴静",
        "科员",
        "政务公开办工作人员（鄂托克前旗人民政府，含下属单位）",
        ((Role.DISCLOSURE_OFFICE_STAFF, "eqq_gov", None),),
    ),
    DemoAccount(
        "leader",
        "郑国栋",
        "副旗长",
        "分管负责同志（鄂托克前旗人民政府，含下属单位）",
        ((Role.LEADER, "eqq_gov", None),),
    ),
    DemoAccount(
        "newsoffice",
        "冯涛",
        "新闻办干事",
        "新闻办（鄂托克前旗人民政府）",
        ((Role.NEWS_OFFICE, "eqq_gov", None),),
    ),
    DemoAccount(
        "monitor",
        "陈晨",
        "网信办干事",
        "舆情监测（鄂托克前旗人民政府）",
        ((Role.OPINION_MONITOR, "eqq_gov", None),),
    ),
    DemoAccount(
        "township",
        "韩雪",
        "党政综合办公室主任",
        "编制单位管理员、舆情监测（敖勒召其镇人民政府）",
        ((Role.UNIT_ADMIN, "eqq_aolezhaoqi", None), (Role.OPINION_MONITOR, "eqq_aolezhaoqi", None)),
    ),
    # Reviewers at the township, so that what ``township`` drafts (e.g. the flood response's
    # opinion.release review, whose first step sits at the township) has someone else to decide it.
    DemoAccount(
        "townshiphead",
        "白玉",
        "党政综合办公室副主任",
        "科室负责人（敖勒召其镇人民政府 · 党政综合办公室）：审核本镇起草的回应、信息",
        ((Role.SECTION_HEAD, "eqq_aolezhaoqi", "党政综合办公室"),),
    ),
    DemoAccount(
        "townshipleader",
        "马骏",
        "副镇长",
        "分管负责同志（敖勒召其镇人民政府）",
        ((Role.LEADER, "eqq_aolezhaoqi", None),),
    ),
    DemoAccount(
        "spokesperson",
        "褚云",
        "副局长",
        "新闻发言人、联络员（鄂托克前旗教育局）",
        ((Role.SPOKESPERSON, "eqq_edu", None), (Role.LIAISON, "eqq_edu", None)),
    ),
]

DEMO_ACCOUNTS: list[tuple[str, str, str]] = [(a.username, DEMO_PASSWORD, a.description) for a in DEMO_USERS]


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create what is missing of the demo jurisdiction; return how many rows of each kind were created."""
    created = {"regions": 0, "agencies": 0, "sections": 0, "users": 0, "roles": 0}

    regions: dict[str, Region] = {}
    for code, name, level, parent_code in DEMO_REGIONS:
        parent = regions.get(parent_code) if parent_code else None
        region, was_created = Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "parent": parent}
        )
        if not was_created and region.parent_id is None and parent is not None:
            # A region created elsewhere without its parent: fill the gap, change nothing else.
            region.parent = parent
            region.save(update_fields=["parent", "updated_at"])
        created["regions"] += was_created
        regions[code] = region

    agencies: dict[str, Agency] = {}
    for spec in DEMO_AGENCIES:
        region = regions[spec.region]
        agency = (
            Agency.objects.filter(code=spec.code).first()
            or Agency.objects.filter(region=region, name=spec.name).first()
        )
        if agency is None:
            agency = Agency.objects.create(
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
                region=region,
                parent=agencies.get(spec.parent) if spec.parent else None,
                code=spec.code,
                department_code=spec.department_code,
            )
            created["agencies"] += 1
        elif agency.parent_id is None and spec.parent and agencies.get(spec.parent) is not None:
            # An agency loaded before its parent existed: fill the gap, change nothing else.
            agency.parent = agencies[spec.parent]
            agency.save(update_fields=["parent", "updated_at"])
        agencies[spec.key] = agency
        for section_name in spec.sections:
            _, was_created = Section.objects.get_or_create(agency=agency, name=section_name)
            created["sections"] += was_created

    for account in DEMO_USERS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(
                username=account.username,
                full_name=account.full_name,
                title=account.title,
                is_superuser=account.superuser,
                is_staff=account.superuser,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            created["users"] += 1
        for role, agency_key, section_name in account.roles:
            agency = agencies[agency_key] if agency_key else None
            section = Section.objects.get(agency=agency, name=section_name) if section_name else None
            _, was_created = RoleAssignment.objects.get_or_create(user=user, role=role, agency=agency, section=section)
            created["roles"] += was_created

    if any(created.values()):
        audit_log(actor=None, event=OrgsEvent.DEMO_LOADED, target="演示数据", data=created)
    return created
