"""The permission matrix: which role may do what to which kind of object, and where.

This table is the truth. The apps' ``permissions.py`` read their role lists and scopes from
it (``roles_for``, ``orgs.permissions.allowed_agency_ids``), the back-office menu reads it
(``backoffice/nav.py``), ``tests/permissions/test_matrix.py`` is generated from it, and
``docs/permissions.md`` is rendered from it (``manage.py permissions_matrix``; a test keeps
the document up to date).

Each entry names an object kind and an operation and gives, per role, its scope:

- ``OWN``: the role held at the object's own agency;
- ``BELOW``: the role held at the object's agency or at any agency above it (a county's
  disclosure office over its departments and townships);

and whether a system administrator may (``sysadmin``: everywhere). A role not listed may
not. Need to know (issue 9): the news office (新闻办) and the opinion monitors (舆情监测)
work on public opinion; they read neither applications for disclosure nor the working copies
of catalogue drafts (with their withheld passages).

Pure data: importing this module imports no model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .enums import Role


class Scope(StrEnum):
    OWN = "own"
    BELOW = "below"


OWN = Scope.OWN
BELOW = Scope.BELOW

# Object kinds, in the order of the document.
OBJECTS: dict[str, str] = {
    "foi.application": "依申请公开申请（案卷、统计）",
    "foi.personal_data": "申请人完整个人信息",
    "catalog.item": "主动公开信息（工作稿，含不予公开内容）",
    "catalog.guide": "政府信息公开指南",
    "catalog.taxonomy": "信息分类与专题",
    "opinion.monitoring": "舆情监测（事件、信息、方案、来源、别名、导入）",
    "opinion.response": "舆情回应（交办、认领、起草回应、统计）",
    "websites.account": "政府网站与政务新媒体（登记、开设、关停、整合）",
    "websites.content": "政府网站与政务新媒体内容监测（导入、检查、判定更正）",
    "websites.inspection": "政府网站与政务新媒体月度检查与整改",
    "press.conference": "新闻发布会与在线访谈",
    "press.spokesperson": "新闻发言人、联络员备案",
    "interaction.letter": "领导信箱与热线来信（研判交办、办理答复、统计）",
    "interaction.personal_data": "来信人完整个人信息",
    "annual.report": "政府信息公开工作年度报告（填报数据、编写、审核）",
    "annual.gazette": "政府公报",
    "oversight.training": "政务公开培训（课程、参训、考试、学时）",
    "oversight.case": "责任追究案件",
    "oversight.survey": "社会评议问卷与整改事项",
    "oversight.assessment": "政务公开工作考核（指标、评分、通报、表扬）",
    "rules.rule": "规则记录与节假日日历",
    "orgs.unit": "机构、科室与人员",
    "audit.log": "审计日志",
    "policy.draft": "政策文件起草、征求意见、报送、解读",
    "policy.expert": "政策解读专家库",
    "system.settings": "系统设置（安全策略、邮件发件箱、批量导入机构）",
}

OPERATIONS: dict[str, str] = {
    "view": "查看",
    "create": "新建、登记",
    "handle": "办理",
    "review": "审查",
    "approve": "批准",
    "correct": "更正",
    "withdraw": "撤回",
    "import": "批量导入",
    "edit": "编辑",
    "manage": "管理",
    "coordinate": "组织协调、交办",
    "verify": "校验",
}


@dataclass(frozen=True)
class Entry:
    obj: str
    op: str
    roles: dict[str, Scope] = field(default_factory=dict)
    sysadmin: bool = False
    note: str = ""


_ALL_STAFF_OWN = {role: OWN for role in Role.values if role != Role.SYSTEM_ADMIN}
_ALL_STAFF_BELOW = {role: BELOW for role in Role.values if role != Role.SYSTEM_ADMIN}
# Where someone works: every role at its own unit, the overseeing roles also below it.
_REGISTER_VIEW = {
    **_ALL_STAFF_OWN,
    Role.LEADER: BELOW,
    Role.DISCLOSURE_OFFICE_HEAD: BELOW,
    Role.DISCLOSURE_OFFICE_STAFF: BELOW,
    Role.NEWS_OFFICE: BELOW,
    Role.OPINION_MONITOR: BELOW,
}

_ENTRIES: list[Entry] = [
    # --- 依申请公开 -------------------------------------------------------------------------
    Entry(
        "foi.application",
        "view",
        {
            Role.UNIT_ADMIN: OWN,
            Role.SUB_USER: OWN,
            Role.SECTION_HEAD: OWN,
            Role.CONFIDENTIALITY_REVIEWER: OWN,
            Role.LIAISON: OWN,
            Role.DISCLOSURE_OFFICE_STAFF: BELOW,
            Role.DISCLOSURE_OFFICE_HEAD: BELOW,
            Role.LEADER: BELOW,
        },
        sysadmin=True,
        note="列表、案卷、概况和年度报告统计；审查、签发答复的人员须能看到案卷。",
    ),
    Entry(
        "foi.application",
        "handle",
        {
            Role.UNIT_ADMIN: OWN,
            Role.SUB_USER: OWN,
            Role.LIAISON: OWN,
            Role.DISCLOSURE_OFFICE_STAFF: BELOW,
            Role.DISCLOSURE_OFFICE_HEAD: BELOW,
        },
        note="登记申请并办理各环节（受理、补正、征求意见、拟稿……）。",
    ),
    Entry(
        "foi.application",
        "approve",
        {Role.DISCLOSURE_OFFICE_HEAD: BELOW},
        note="批准延长答复期限（条例第三十三条：经政府信息公开工作机构负责人同意）。",
    ),
    Entry(
        "foi.personal_data",
        "view",
        {
            Role.UNIT_ADMIN: OWN,
            Role.SUB_USER: OWN,
            Role.LIAISON: OWN,
            Role.DISCLOSURE_OFFICE_STAFF: OWN,
            Role.DISCLOSURE_OFFICE_HEAD: OWN,
        },
        note="仅受理机关本身的经办人员（以及被指定的经办人）；上级与系统管理员只见脱敏信息；每次查看均记入审计日志。",
    ),
    # --- 主动公开 ---------------------------------------------------------------------------
    Entry(
        "catalog.item",
        "view",
        {
            Role.UNIT_ADMIN: OWN,
            Role.SUB_USER: OWN,
            Role.SECTION_HEAD: OWN,
            Role.CONFIDENTIALITY_REVIEWER: OWN,
            Role.DISCLOSURE_OFFICE_STAFF: BELOW,
            Role.DISCLOSURE_OFFICE_HEAD: BELOW,
            Role.LEADER: BELOW,
        },
        sysadmin=True,
        note="后台的工作稿（含标记为不予公开的内容）、年度自查；已公开的内容人人可在门户网站查看。",
    ),
    Entry(
        "catalog.item",
        "create",
        {Role.UNIT_ADMIN: OWN, Role.SECTION_HEAD: OWN, Role.SUB_USER: OWN},
        note="起草、修改草稿；无审核权的下级用户只能修改本人录入的信息。",
    ),
    Entry(
        "catalog.item",
        "review",
        {
            Role.UNIT_ADMIN: OWN,
            Role.CONFIDENTIALITY_REVIEWER: OWN,
            Role.DISCLOSURE_OFFICE_STAFF: BELOW,
            Role.DISCLOSURE_OFFICE_HEAD: BELOW,
        },
        note="标记不予公开的段落、记录征求意见（公开前审查的各步骤另由审核流程规定）。",
    ),
    Entry("catalog.item", "correct", {Role.UNIT_ADMIN: OWN}, note="更正已公开的信息。"),
    Entry(
        "catalog.item",
        "withdraw",
        {Role.UNIT_ADMIN: OWN, Role.DISCLOSURE_OFFICE_HEAD: BELOW},
        note="撤回已公开的信息。",
    ),
    Entry("catalog.item", "import", {Role.UNIT_ADMIN: OWN}, sysadmin=True, note="批量导入草稿。"),
    Entry(
        "catalog.guide",
        "edit",
        {Role.UNIT_ADMIN: OWN, Role.DISCLOSURE_OFFICE_HEAD: BELOW, Role.DISCLOSURE_OFFICE_STAFF: BELOW},
        sysadmin=True,
    ),
    Entry("catalog.taxonomy", "manage", {}, sysadmin=True),
    # --- 政务舆情 ---------------------------------------------------------------------------
    Entry(
        "opinion.monitoring",
        "view",
        {Role.OPINION_MONITOR: BELOW, Role.NEWS_OFFICE: BELOW, Role.LEADER: BELOW},
        sysadmin=True,
    ),
    Entry(
        "opinion.monitoring",
        "manage",
        {Role.OPINION_MONITOR: BELOW},
        sysadmin=True,
        note="来源、方案、导入、别名，调整事件预警等级。",
    ),
    Entry(
        "opinion.response",
        "view",
        dict(_REGISTER_VIEW),
        sysadmin=True,
        note="事件所涉及或被交办的单位的工作人员，以及覆盖这些单位的上级角色；所在地政府的人员亦可。",
    ),
    Entry(
        "opinion.response",
        "handle",
        dict(_ALL_STAFF_OWN),
        note="承办单位本身的工作人员认领、起草回应、登记辟谣线索、反馈和会商；上级的覆盖角色不算承办单位的工作人员。",
    ),
    Entry(
        "opinion.response",
        "coordinate",
        {
            Role.OPINION_MONITOR: BELOW,
            Role.NEWS_OFFICE: BELOW,
            Role.DISCLOSURE_OFFICE_HEAD: BELOW,
            Role.DISCLOSURE_OFFICE_STAFF: BELOW,
        },
        sysadmin=True,
        note="在事件所在地政府（或其上级政府）任职；组织协调单位（政府办公室、宣传部门）的工作人员亦可。",
    ),
    # --- 新闻发布 ---------------------------------------------------------------------------
    Entry(
        "press.conference",
        "view",
        dict(_REGISTER_VIEW),
        sysadmin=True,
        note="本单位的发布会方案、访谈和问题；新闻办、分管负责同志等覆盖角色亦可查看下级单位的。",
    ),
    Entry(
        "press.conference",
        "create",
        {
            Role.UNIT_ADMIN: OWN,
            Role.SECTION_HEAD: OWN,
            Role.SUB_USER: OWN,
            Role.SPOKESPERSON: OWN,
            Role.LIAISON: OWN,
            Role.NEWS_OFFICE: BELOW,
        },
        note="策划发布会并报批、登记举行情况、上传实录和音视频，策划在线访谈、审核网民问题。报批的审批步骤另由审核流程规定（新闻办、主管部门）。",
    ),
    Entry(
        "press.conference",
        "coordinate",
        {Role.NEWS_OFFICE: BELOW, Role.LEADER: BELOW, Role.DISCLOSURE_OFFICE_HEAD: BELOW},
        sysadmin=True,
        note="新闻发布频次统计、导出与提醒。",
    ),
    Entry("press.spokesperson", "view", dict(_REGISTER_VIEW), sysadmin=True, note="新闻发言人、联络员名录及备案情况。"),
    Entry(
        "press.spokesperson",
        "create",
        {Role.UNIT_ADMIN: OWN, Role.SPOKESPERSON: OWN, Role.LIAISON: OWN},
        note="登记本单位新闻发言人、联络员及其变更并报新闻办备案（备案审核由新闻办进行）。",
    ),
    # --- 领导信箱与热线 ---------------------------------------------------------------------
    Entry(
        "interaction.letter",
        "view",
        {
            Role.UNIT_ADMIN: OWN,
            Role.SUB_USER: OWN,
            Role.SECTION_HEAD: OWN,
            Role.LIAISON: OWN,
            Role.LEADER: BELOW,
            Role.DISCLOSURE_OFFICE_STAFF: BELOW,
            Role.DISCLOSURE_OFFICE_HEAD: BELOW,
        },
        sysadmin=True,
        note="信箱单位和承办单位的工作人员，以及覆盖它们的上级角色；列表、案卷和统计。",
    ),
    Entry(
        "interaction.letter",
        "create",
        {
            Role.UNIT_ADMIN: OWN,
            Role.LIAISON: OWN,
            Role.DISCLOSURE_OFFICE_STAFF: BELOW,
            Role.DISCLOSURE_OFFICE_HEAD: BELOW,
        },
        note="热线话务登记来电、导入热线系统工单。",
    ),
    Entry(
        "interaction.letter",
        "coordinate",
        {Role.DISCLOSURE_OFFICE_STAFF: BELOW, Role.DISCLOSURE_OFFICE_HEAD: BELOW},
        note="信箱单位研判（是否受理、合并重复来信）、交办与转办、不满意复核、回访、公开来信、交办规则。",
    ),
    Entry(
        "interaction.letter",
        "handle",
        {Role.UNIT_ADMIN: OWN, Role.SUB_USER: OWN, Role.SECTION_HEAD: OWN, Role.LIAISON: OWN},
        note="承办单位认领或退回来信、拟写答复（或说明）并送审。",
    ),
    Entry(
        "interaction.letter",
        "approve",
        {Role.DISCLOSURE_OFFICE_HEAD: BELOW, Role.LEADER: BELOW},
        note="批准延长答复期限（一次），在信箱单位（或其上级）任职。",
    ),
    Entry(
        "interaction.personal_data",
        "view",
        {
            Role.UNIT_ADMIN: OWN,
            Role.SUB_USER: OWN,
            Role.LIAISON: OWN,
            Role.DISCLOSURE_OFFICE_STAFF: OWN,
            Role.DISCLOSURE_OFFICE_HEAD: OWN,
        },
        note="信箱单位或承办单位本身的工作人员；上级与系统管理员只见脱敏信息；每次查看均记入审计日志。",
    ),
    # --- 年度报告、政府公报 ------------------------------------------------------------------
    Entry(
        "annual.report",
        "view",
        {
            Role.UNIT_ADMIN: OWN,
            Role.SECTION_HEAD: OWN,
            Role.LEADER: BELOW,
            Role.DISCLOSURE_OFFICE_HEAD: BELOW,
            Role.DISCLOSURE_OFFICE_STAFF: BELOW,
        },
        sysadmin=True,
        note="本单位的年度报告；政务公开办和分管负责同志看本级及下级单位的报告和报送情况。",
    ),
    Entry(
        "annual.report",
        "edit",
        {Role.UNIT_ADMIN: OWN, Role.DISCLOSURE_OFFICE_HEAD: BELOW, Role.DISCLOSURE_OFFICE_STAFF: BELOW},
        note="填报第二部分数据（逐项或 Excel 导入）、生成报告、修改文字、提交审核。",
    ),
    Entry(
        "annual.report",
        "approve",
        {Role.DISCLOSURE_OFFICE_HEAD: BELOW, Role.DISCLOSURE_OFFICE_STAFF: BELOW},
        note="审核年度报告（审核引擎上的政务公开办审核步骤）；通过即在年度报告栏目公布。",
    ),
    Entry(
        "annual.gazette",
        "manage",
        {Role.DISCLOSURE_OFFICE_HEAD: BELOW, Role.DISCLOSURE_OFFICE_STAFF: BELOW},
        sysadmin=True,
        note="编辑、出版政府公报（由已公开的目录信息组成）。",
    ),
    # --- 政策制定与解读 -------------------------------------------------------------------
    Entry(
        "policy.draft",
        "view",
        dict(_REGISTER_VIEW),
        sysadmin=True,
        note="本单位起草的政策文件、公众意见（联系方式脱敏）、报送记录和解读；政府办公室等覆盖角色亦可查看下级单位的。",
    ),
    Entry(
        "policy.draft",
        "create",
        {Role.UNIT_ADMIN: OWN, Role.SECTION_HEAD: OWN, Role.SUB_USER: OWN},
        note="起草单位起草、发布征求意见、审核和登记意见、归类并决定采纳情况、报送代拟稿、起草解读、印发后发布（谁起草、谁解读）。",
    ),
    Entry(
        "policy.draft",
        "review",
        {Role.DISCLOSURE_OFFICE_STAFF: BELOW, Role.DISCLOSURE_OFFICE_HEAD: BELOW},
        note="政府办公室审核报送的代拟稿：受理并送同步审签，或退文并说明理由（审签步骤另由审核流程规定）。",
    ),
    Entry("policy.expert", "view", dict(_REGISTER_VIEW), sysadmin=True, note="专家库名录（联系方式脱敏）。"),
    Entry(
        "policy.expert",
        "manage",
        {Role.UNIT_ADMIN: OWN, Role.NEWS_OFFICE: BELOW, Role.DISCLOSURE_OFFICE_HEAD: BELOW},
        note="登记、修改专家及报新闻办备案日期；查看完整联系方式（记入审计日志）。",
    ),
    # --- 监督保障（培训、责任追究、社会评议、考核） -------------------------------------------
    Entry(
        "oversight.training",
        "view",
        dict(_REGISTER_VIEW),
        sysadmin=True,
        note="本单位人员的培训学时与考试情况；政务公开办、分管负责同志可查看下级单位的。",
    ),
    Entry(
        "oversight.training",
        "manage",
        {Role.UNIT_ADMIN: OWN, Role.DISCLOSURE_OFFICE_STAFF: BELOW, Role.DISCLOSURE_OFFICE_HEAD: BELOW},
        sysadmin=True,
        note="登记培训课程、参训和考试成绩，导入参训名单（004 附件5）。",
    ),
    Entry(
        "oversight.case",
        "view",
        {
            Role.UNIT_ADMIN: OWN,
            Role.LEADER: BELOW,
            Role.DISCLOSURE_OFFICE_STAFF: BELOW,
            Role.DISCLOSURE_OFFICE_HEAD: BELOW,
        },
        sysadmin=True,
        note="被追究单位的管理员，以及覆盖该单位的政务公开办和分管负责同志。",
    ),
    Entry(
        "oversight.case",
        "handle",
        {Role.DISCLOSURE_OFFICE_STAFF: BELOW, Role.DISCLOSURE_OFFICE_HEAD: BELOW},
        note="立案（人工或由逾期记录立案）、提交审核、结案；处理决定的审核步骤另由审核流程规定（004 附件3 第四条）。",
    ),
    Entry(
        "oversight.survey",
        "view",
        {
            Role.UNIT_ADMIN: OWN,
            Role.LEADER: BELOW,
            Role.DISCLOSURE_OFFICE_STAFF: BELOW,
            Role.DISCLOSURE_OFFICE_HEAD: BELOW,
        },
        sysadmin=True,
        note="问卷结果、导出和整改事项；公众在门户网站匿名作答。",
    ),
    Entry(
        "oversight.survey",
        "manage",
        {Role.DISCLOSURE_OFFICE_STAFF: BELOW, Role.DISCLOSURE_OFFICE_HEAD: BELOW},
        note="设计、发布、结束问卷，把问题登记为整改事项（004 附件7）。",
    ),
    Entry(
        "oversight.survey",
        "handle",
        {Role.UNIT_ADMIN: OWN, Role.DISCLOSURE_OFFICE_STAFF: BELOW, Role.DISCLOSURE_OFFICE_HEAD: BELOW},
        note="整改单位办结整改事项（写明整改情况或作出解释）。",
    ),
    Entry(
        "oversight.assessment",
        "view",
        {Role.LEADER: BELOW, Role.DISCLOSURE_OFFICE_STAFF: BELOW, Role.DISCLOSURE_OFFICE_HEAD: BELOW},
        sysadmin=True,
        note="考核机关（人民政府）的考核测算和结果；各单位可在发布后的通报中看到结果。",
    ),
    Entry(
        "oversight.assessment",
        "manage",
        {Role.DISCLOSURE_OFFICE_STAFF: BELOW, Role.DISCLOSURE_OFFICE_HEAD: BELOW},
        note="测算考核、录入人工指标和佐证材料、发布考核结果、通报和表扬。",
    ),
    # --- 政府网站与政务新媒体 ---------------------------------------------------------------
    Entry(
        "websites.account",
        "view",
        dict(_REGISTER_VIEW),
        sysadmin=True,
        note="本单位的网站与新媒体登记；覆盖角色亦可查看下级单位的。公开名录人人可查。",
    ),
    Entry(
        "websites.account",
        "create",
        {
            Role.UNIT_ADMIN: OWN,
            Role.NEWS_OFFICE: BELOW,
            Role.DISCLOSURE_OFFICE_STAFF: BELOW,
            Role.DISCLOSURE_OFFICE_HEAD: BELOW,
        },
        note="登记、修改、暂停和恢复，申请开设、关停或整合（审批步骤另由审核流程规定：主办单位负责人、本级政务公开办）。",
    ),
    Entry(
        "websites.content",
        "manage",
        {
            Role.UNIT_ADMIN: OWN,
            Role.NEWS_OFFICE: BELOW,
            Role.OPINION_MONITOR: BELOW,
            Role.DISCLOSURE_OFFICE_STAFF: BELOW,
            Role.DISCLOSURE_OFFICE_HEAD: BELOW,
        },
        sysadmin=True,
        note="导入发布内容、运行检查和链接检查、更正“是否政府信息”的判定。",
    ),
    Entry("websites.inspection", "view", dict(_REGISTER_VIEW), sysadmin=True, note="月度检查报告和问题清单。"),
    Entry(
        "websites.inspection",
        "handle",
        {
            Role.UNIT_ADMIN: OWN,
            Role.SUB_USER: OWN,
            Role.DISCLOSURE_OFFICE_STAFF: BELOW,
            Role.DISCLOSURE_OFFICE_HEAD: BELOW,
        },
        note="登记问题整改情况。",
    ),
    Entry(
        "websites.inspection",
        "review",
        {Role.DISCLOSURE_OFFICE_STAFF: BELOW, Role.DISCLOSURE_OFFICE_HEAD: BELOW},
        note="录入无法自动计算的检查指标得分、核实排除问题。",
    ),
    # --- 规则、组织、审计、系统 --------------------------------------------------------------
    Entry(
        "rules.rule",
        "view",
        dict(_ALL_STAFF_BELOW),
        sysadmin=True,
        note="规则和日历是参考数据，所有工作人员都可查看。",
    ),
    Entry(
        "rules.rule",
        "edit",
        {Role.DISCLOSURE_OFFICE_HEAD: BELOW},
        sysadmin=True,
        note="本地区（政府或政府办公室所在地区及其下级地区）的规则与节假日；全国性的只有系统管理员。",
    ),
    Entry(
        "orgs.unit",
        "view",
        dict(_REGISTER_VIEW),
        sysadmin=True,
        note="机构通讯录：覆盖下级的角色可以看到下级单位。",
    ),
    Entry(
        "orgs.unit",
        "manage",
        {Role.UNIT_ADMIN: OWN},
        sysadmin=True,
        note="科室、人员和非管理员角色；管理员角色只有系统管理员可以授予。",
    ),
    Entry(
        "audit.log",
        "view",
        {Role.UNIT_ADMIN: OWN, Role.DISCLOSURE_OFFICE_HEAD: BELOW, Role.DISCLOSURE_OFFICE_STAFF: BELOW},
        sysadmin=True,
        note="本单位（及下级）的审计记录；不属于任何单位的系统事件只有系统管理员可见。",
    ),
    Entry("audit.log", "verify", {}, sysadmin=True, note="校验审计链及其锚点。"),
    Entry("system.settings", "manage", {}, sysadmin=True),
]

MATRIX: dict[tuple[str, str], Entry] = {(e.obj, e.op): e for e in _ENTRIES}

# A review (workflow) is about an object: whoever may view that object at the review's unit may
# read the review; so may its submitter and the people who may decide one of its steps.
# Reviews of other templates fall back to the organisation register (``orgs.unit``/``view``).
REVIEW_SUBJECTS: dict[str, str] = {
    "foi.reply": "foi.application",
    "catalog.publication": "catalog.item",
    "opinion.release": "opinion.response",
    "websites.change": "websites.account",
    "oversight.accountability": "oversight.case",
    "policy.adoption_report": "policy.draft",
    "policy.signoff": "policy.draft",
    "policy.interpretation": "policy.draft",
    "press.conference": "press.conference",
    "press.filing": "press.spokesperson",
    "annual.report": "annual.report",
}


def entry(obj: str, op: str) -> Entry:
    try:
        return MATRIX[(obj, op)]
    except KeyError:
        raise KeyError(f"no permission matrix entry for {obj} / {op}") from None


def roles_for(obj: str, op: str) -> tuple[str, ...]:
    """The roles that may (at some scope), in the order of ``Role``."""
    granted = entry(obj, op).roles
    return tuple(Role(role) for role in Role.values if role in granted)


def render_markdown() -> str:
    """The matrix as the Markdown of ``docs/permissions.md``."""
    roles = [r for r in Role if r != Role.SYSTEM_ADMIN]
    lines = [
        "# Permission matrix (权限矩阵)",
        "",
        "Generated from `gongkai/orgs/matrix.py` by `manage.py permissions_matrix --write`; do not edit by hand",
        "(`tests/permissions/test_docs.py` fails when this file and the table differ).",
        "",
        "Cells: **本级** — the role held at the object's own agency; **含下级** — held at the object's agency",
        "or at any agency above it; empty — refused. 系统管理员 acts everywhere where marked ✓.",
        "Services check these (so pages, API, admin and jobs agree); the back-office menu shows only",
        "the entries whose permission the user holds somewhere.",
        "",
        "| 对象 | 操作 | 系统管理员 | " + " | ".join(r.label for r in roles) + " | 说明 |",
        "|" + "---|" * (len(roles) + 4),
    ]
    cell = {OWN: "本级", BELOW: "含下级"}
    for e in _ENTRIES:
        cells = [cell[e.roles[r]] if r in e.roles else "" for r in roles]
        lines.append(
            f"| {OBJECTS[e.obj]} | {OPERATIONS[e.op]} | {'✓' if e.sysadmin else ''} | "
            + " | ".join(cells)
            + f" | {e.note} |"
        )
    lines += [
        "",
        "Object keys (code): " + ", ".join(f"`{k}`" for k in OBJECTS) + ".",
        "",
        "## Reviews",
        "",
        "Who decides a step of a review is the review template's (`StepSpec.roles`, at the step's unit;",
        "a role of `ROLES_COVERING_SUBORDINATES` held above also counts). Who may *read* a review: its",
        "submitter, whoever may decide one of its steps, and whoever may view its object by the table",
        "above (`REVIEW_SUBJECTS`: " + ", ".join(f"`{k}` → `{v}`" for k, v in REVIEW_SUBJECTS.items()) + ").",
        "",
        "## Audit log: anchoring the chain",
        "",
        "Audit rows are hash-chained (`gongkai/audit/chain.py`). Deleting the newest rows leaves a",
        "shorter chain that is still linked, so the head (sequence number, hash, and the hash of row 1)",
        "is checkpointed, HMAC-SHA256-signed with `AUDIT_CHECKPOINT_KEY` (or a key derived from",
        "`SECRET_KEY`), every 10 minutes (`PERIODIC_JOBS['audit-checkpoint']`) and after every",
        "successful verification, in two places: the `audit_auditcheckpoint` table and the append-only",
        "file `AUDIT_CHECKPOINT_FILE` (default `var/audit/checkpoints.jsonl`). `audit_verify` (command and",
        "page) checks every checkpoint of both: a head below a checkpoint is reported as truncation",
        "(审计记录被截断). Someone who can change the database but not the server's files is caught by",
        "the file even after deleting the checkpoint table's rows; nobody without the key can forge a",
        "checkpoint. Rows added and deleted between two checkpoints cannot be detected (window: the",
        "job's period). A new database, or a new key, needs the old file moved aside.",
        "",
    ]
    return "\n".join(lines)
