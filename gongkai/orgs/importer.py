"""Reading and checking the organisation import workbook (.xlsx).

One workbook holds the sheets ``机构`` (agencies) and ``人员`` (people), and optionally
``科室`` (sections). The first row of each sheet is the header; columns are found by
their header text, so their order does not matter and unknown columns are ignored.

The importer reads and validates everything first and collects row-by-row errors
(sheet, row number, column, Chinese message). ``services.org_import`` then writes the
whole plan in one transaction, or nothing when there is any error.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings

from gongkai.core import spreadsheets
from gongkai.core.documents import set_workbook_properties
from gongkai.core.errors import ValidationFailed

from .codes import org_code_check_char, validate_agency_code
from .enums import AgencyKind, Role
from .models import Agency, Region, Section, User

SHEET_AGENCIES = "机构"
SHEET_SECTIONS = "科室"
SHEET_PEOPLE = "人员"

# (header, required)
AGENCY_COLUMNS = [
    ("机构名称", True),
    ("简称", False),
    ("机构类型", True),
    ("区划代码", True),
    ("上级机构代码", False),
    ("机构代码", True),
    ("部门代码", False),
]
SECTION_COLUMNS = [("机构代码", True), ("科室名称", True), ("科室代码", False)]
PEOPLE_COLUMNS = [
    ("用户名", True),
    ("姓名", True),
    ("电话", False),
    ("邮箱", False),
    ("单位机构代码", True),
    ("科室", False),
    ("角色", True),
    ("初始密码", False),
]
SHEETS = {SHEET_AGENCIES: AGENCY_COLUMNS, SHEET_SECTIONS: SECTION_COLUMNS, SHEET_PEOPLE: PEOPLE_COLUMNS}
REQUIRED_SHEETS = (SHEET_AGENCIES, SHEET_PEOPLE)
# Columns whose values are codes: the template formats them as text so leading zeros survive.
CODE_COLUMNS = {"区划代码", "上级机构代码", "机构代码", "部门代码", "科室代码", "单位机构代码", "电话"}

DEFAULT_MAX_ROWS = 5000
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Guard against zip bombs: the unpacked workbook may be at most this many times the cap.

# Chinese names accepted for roles and agency kinds, besides the full labels and the values.
ROLE_ALIASES = {
    "单位管理员": Role.UNIT_ADMIN,
    "下级用户": Role.SUB_USER,
    "子用户": Role.SUB_USER,
    "分管领导": Role.LEADER,
    "舆情监测": Role.OPINION_MONITOR,
    "网信办": Role.OPINION_MONITOR,
    "网安": Role.OPINION_MONITOR,
    "发言人": Role.SPOKESPERSON,
    "政务公开办": Role.DISCLOSURE_OFFICE_STAFF,
}
KIND_ALIASES = {
    "政府": AgencyKind.GOVERNMENT,
    "办公室": AgencyKind.GENERAL_OFFICE,
    "部门": AgencyKind.DEPARTMENT,
    "工作部门": AgencyKind.DEPARTMENT,
    "开发区": AgencyKind.DEVZONE,
    "乡镇人民政府": AgencyKind.TOWNSHIP,
    "街道办事处": AgencyKind.TOWNSHIP,
    "乡镇": AgencyKind.TOWNSHIP,
}


def max_rows() -> int:
    return int(getattr(settings, "ORG_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_bytes() -> int:
    return int(getattr(settings, "ORG_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class ImportFailed(ValidationFailed):
    """The file could not be imported; ``errors`` lists every problem found. Nothing was written."""

    def __init__(self, errors: list[RowError], message: str | None = None):
        self.errors = errors
        if message is None:
            message = spreadsheets.failed_import_message(errors)
        super().__init__(message, detail=[e.as_dict() for e in errors])


def _file_error(message: str, sheet: str = "", column: str = "") -> ImportFailed:
    return ImportFailed([RowError(sheet=sheet, row=None, column=column, message=message)])


@dataclass
class ImportSummary:
    agencies: int = 0
    sections: int = 0
    users: int = 0
    roles: int = 0
    without_password: list[str] = field(default_factory=list)


# --- reading the workbook ---------------------------------------------------------------------

Row = tuple[int, dict[str, Any]]


def _normalise_header(value: Any) -> str:
    text = str(value).strip() if value is not None else ""
    text = text.replace("\u3000", "").replace(" ", "")
    for suffix in ("（必填）", "(必填)", "*", "＊"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text


def read_workbook(data: bytes, filename: str = "") -> dict[str, list[Row]]:
    """Rows of the known sheets as ``{sheet: [(row number, {header: value})]}``.

    Raises ``ImportFailed`` for a file that cannot be read or lacks sheets or columns.
    """
    workbook = spreadsheets.open_workbook(data, filename, cap=max_bytes(), fail=_file_error)

    errors: list[RowError] = []
    result: dict[str, list[Row]] = {}
    limit = max_rows()
    total = 0
    try:
        sheets = {name.strip(): workbook[name] for name in workbook.sheetnames}
        missing = [name for name in REQUIRED_SHEETS if name not in sheets]
        if missing:
            if all(_sheet_is_empty(ws) for ws in sheets.values()):
                raise _file_error("工作簿为空，没有任何数据。请使用本页提供的模板。")
            names = "、".join(f"“{n}”" for n in missing)
            raise _file_error(f"缺少工作表{names}。工作表名称须为“机构”“人员”（可选“科室”）。")
        for name, columns in SHEETS.items():
            if name not in sheets:
                continue
            rows = sheets[name].iter_rows(values_only=True)
            header_cells = next(rows, None)
            headers = [_normalise_header(v) for v in (header_cells or ())]
            if not any(headers):
                errors.append(RowError(name, 1, "", f"工作表“{name}”第 1 行应为表头（列名）。"))
                continue
            seen: set[str] = set()
            for header in headers:
                if header and header in seen:
                    errors.append(RowError(name, 1, header, f"列“{header}”重复出现。"))
                seen.add(header)
            for column, required in columns:
                if required and column not in seen:
                    errors.append(RowError(name, 1, column, f"缺少必填列“{column}”。"))
            index = {h: i for i, h in enumerate(headers) if h}
            sheet_rows: list[Row] = []
            scanned = 0
            for number, cells in enumerate(rows, start=2):
                scanned += 1
                if scanned > limit + 10_000:  # a sheet of mostly blank, formatted rows
                    break
                if spreadsheets.is_blank_row(cells):
                    continue
                total += 1
                if total > limit:
                    break
                values = {col: (cells[i] if i < len(cells) else None) for col, i in index.items()}
                sheet_rows.append((number, values))
            result[name] = sheet_rows
            if total > limit:
                break
    finally:
        workbook.close()
    if total > limit:
        raise _file_error(f"数据行数超过上限（最多 {limit} 行），请分批导入。")
    if errors:
        raise ImportFailed(errors)
    if total == 0:
        raise _file_error("文件中没有可导入的数据行（第 1 行为表头，数据从第 2 行开始）。")
    return result


def _sheet_is_empty(ws) -> bool:
    rows = ws.iter_rows(values_only=True)
    return not any(any(c is not None and str(c).strip() for c in cells) for cells in rows)


# --- validating rows --------------------------------------------------------------------------


class _Collector:
    def __init__(self) -> None:
        self.errors: list[RowError] = []
        self._cells: set[tuple[str, int, str]] = set()

    def add(self, sheet: str, row: int, column: str, message: str) -> None:
        """Record an error; only the first one per cell (later checks of a bad cell add nothing)."""
        if (sheet, row, column) in self._cells:
            return
        self._cells.add((sheet, row, column))
        self.errors.append(RowError(sheet, row, column, message))

    def text(self, sheet: str, row: int, values: dict[str, Any], column: str, *, max_length: int = 200) -> str:
        value = values.get(column)
        if value is None:
            return ""
        if isinstance(value, bool):
            self.add(sheet, row, column, "应为文本，不应是逻辑值（TRUE/FALSE）。")
            return ""
        if isinstance(value, dt.datetime | dt.date | dt.time):
            self.add(sheet, row, column, "应为文本，不应是日期或时间。")
            return ""
        if isinstance(value, int):
            text = str(value)
        elif isinstance(value, float):
            if not value.is_integer():
                self.add(sheet, row, column, "应为文本，不应是小数。")
                return ""
            text = str(int(value))
        elif isinstance(value, str):
            text = value.replace("\u3000", " ").strip()
        else:
            self.add(sheet, row, column, "无法识别的单元格内容。")
            return ""
        if len(text) > max_length:
            self.add(sheet, row, column, f"内容过长（最多 {max_length} 个字符）。")
            return ""
        return text

    def code(self, sheet: str, row: int, values: dict[str, Any], column: str) -> str:
        """A code cell; a number that lost its leading zeros is reported rather than guessed."""
        value = values.get(column)
        text = self.text(sheet, row, values, column, max_length=40)
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if numeric and text and len(text) < 9 and column in {"机构代码", "上级机构代码", "单位机构代码"}:
            self.add(sheet, row, column, "代码被 Excel 识别为数字，前导零已丢失；请将该列设为文本格式后重新填写。")
            return ""
        return text


@dataclass
class AgencyRow:
    row: int
    name: str
    short_name: str
    kind: str
    region: Region | None
    parent_code: str
    code: str
    department_code: str
    parent: Agency | None = None  # an existing parent


@dataclass
class SectionRow:
    row: int
    agency_code: str
    name: str
    code: str


@dataclass
class PersonRow:
    row: int
    username: str
    full_name: str
    phone: str
    email: str
    agency_code: str
    section_name: str
    roles: list[str]
    password: str


@dataclass
class ImportPlan:
    agencies: list[AgencyRow]  # in creation order (parents first)
    sections: list[SectionRow]
    people: list[PersonRow]


def split_roles(text: str) -> list[str]:
    """Split on 、 , ， ; ； and line breaks, but not inside brackets (``舆情监测（网信办、网安）``)."""
    parts: list[str] = []
    depth = 0
    current = ""
    for char in text:
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth = max(0, depth - 1)
        if depth == 0 and char in "、,，;；\n":
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def _role_from_label(label: str) -> str | None:
    for role in Role:
        if label in (role.label, role.value):
            return role.value
    alias = ROLE_ALIASES.get(label)
    return alias.value if alias else None


def _kind_from_label(label: str) -> str | None:
    for kind in AgencyKind:
        if label in (kind.label, kind.value):
            return kind.value
    alias = KIND_ALIASES.get(label)
    return alias.value if alias else None


# Long on purpose: one pass over the sheets in dependency order (agencies, sections, people), sharing the lookups built on the way.
def validate(sheets: dict[str, list[Row]]) -> tuple[ImportPlan, list[RowError]]:
    """Check every row against the file and the database; return the plan and all errors found."""
    from .services.validation import (
        agency_code_conflict,
        department_code_error,
        email_error,
        normalise_agency_code,
        password_errors,
        phone_error,
        username_error,
    )

    out = _Collector()
    regions = {r.code: r for r in Region.objects.all()}

    # Agencies ---------------------------------------------------------------------------------
    A = SHEET_AGENCIES
    agency_rows: list[AgencyRow] = []
    file_codes: dict[str, int] = {}  # 9-character organisation code → row
    names_in_region: dict[tuple[str, str], int] = {}
    dept_in_region: dict[tuple[str, str], int] = {}
    for number, values in sheets.get(A, []):
        name = out.text(A, number, values, "机构名称")
        short_name = out.text(A, number, values, "简称", max_length=100)
        kind_label = out.text(A, number, values, "机构类型", max_length=40)
        region_code = out.code(A, number, values, "区划代码")
        parent_code = normalise_agency_code(out.code(A, number, values, "上级机构代码"))
        code = normalise_agency_code(out.code(A, number, values, "机构代码"))
        department_code = out.code(A, number, values, "部门代码")
        if not name and "机构名称" in values:
            out.add(A, number, "机构名称", "请填写机构名称。")
        kind = _kind_from_label(kind_label) if kind_label else None
        if not kind_label:
            out.add(A, number, "机构类型", "请填写机构类型。")
        elif kind is None:
            allowed = "、".join(str(k.label) for k in AgencyKind)
            out.add(A, number, "机构类型", f"未知的机构类型“{kind_label}”，应为：{allowed}。")
        region = regions.get(region_code)
        if not region_code:
            out.add(A, number, "区划代码", "请填写区划代码。")
        elif region is None:
            out.add(A, number, "区划代码", f"区划代码 {region_code} 不存在，请先在“行政区划”中添加。")
        if not code:
            out.add(A, number, "机构代码", "请填写机构代码。")
        elif error := validate_agency_code(code):
            out.add(A, number, "机构代码", error)
        else:
            org9 = code[8:17] if len(code) == 18 else code
            if org9 in file_codes:
                out.add(A, number, "机构代码", f"机构代码 {code} 与本表第 {file_codes[org9]} 行重复。")
            elif other := agency_code_conflict(code):
                out.add(A, number, "机构代码", f"机构代码 {code} 已被现有机构“{other.name}”使用。")
            file_codes.setdefault(org9, number)
        if error := department_code_error(department_code):
            out.add(A, number, "部门代码", error)
        if region is not None and name:
            key = (region.code, name)
            if key in names_in_region:
                out.add(A, number, "机构名称", f"与本表第 {names_in_region[key]} 行同一区划下重名。")
            elif Agency.objects.filter(region=region, name=name).exists():
                out.add(A, number, "机构名称", f"区划“{region.name}”下已有名为“{name}”的机构。")
            names_in_region.setdefault(key, number)
            if department_code:
                dkey = (region.code, department_code)
                if dkey in dept_in_region:
                    out.add(A, number, "部门代码", f"与本表第 {dept_in_region[dkey]} 行同一区划下部门代码重复。")
                elif other := Agency.objects.filter(region=region, department_code=department_code).first():
                    out.add(
                        A,
                        number,
                        "部门代码",
                        f"区划“{region.name}”下部门代码 {department_code} 已被“{other.name}”使用。",
                    )
                dept_in_region.setdefault(dkey, number)
        agency_rows.append(AgencyRow(number, name, short_name, kind or "", region, parent_code, code, department_code))

    by_org9 = {(r.code[8:17] if len(r.code) == 18 else r.code): r for r in agency_rows if r.code}

    def org9_of(code: str) -> str:
        return code[8:17] if len(code) == 18 else code

    existing_cache: dict[str, Agency | None] = {}

    def existing_agency(code: str) -> Agency | None:
        if code not in existing_cache:
            existing_cache[code] = agency_code_conflict(code) if code and not validate_agency_code(code) else None
        return existing_cache[code]

    for item in agency_rows:
        if not item.parent_code:
            continue
        if validate_agency_code(item.parent_code):
            out.add(A, item.row, "上级机构代码", f"上级机构代码 {item.parent_code} 格式或校验位不正确。")
            continue
        in_file = by_org9.get(org9_of(item.parent_code))
        parent_region = None
        if in_file is not None:
            parent_region = in_file.region
        elif (existing := existing_agency(item.parent_code)) is not None:
            item.parent = existing
            parent_region = existing.region
        else:
            out.add(A, item.row, "上级机构代码", f"上级机构 {item.parent_code} 不存在（系统中和本文件中都没有）。")
            continue
        if (
            item.region is not None
            and parent_region is not None
            and parent_region.pk not in {r.pk for r in item.region.ancestors()}
        ):
            out.add(A, item.row, "上级机构代码", "上级机构应位于本机构所在区划或其上级区划。")

    # Parents in the file come first; a loop among rows is an error.
    ordered: list[AgencyRow] = []
    state: dict[int, str] = {}

    def visit(item: AgencyRow) -> None:
        if state.get(item.row) == "done":
            return
        if state.get(item.row) == "visiting":
            out.add(A, item.row, "上级机构代码", "上级机构关系形成循环。")
            return
        state[item.row] = "visiting"
        parent_row = by_org9.get(org9_of(item.parent_code)) if item.parent_code else None
        if parent_row is not None and item.parent is None:
            if parent_row is item:
                out.add(A, item.row, "上级机构代码", "上级机构不能是本机构。")
            else:
                visit(parent_row)
        state[item.row] = "done"
        ordered.append(item)

    for item in agency_rows:
        visit(item)

    # Sections ---------------------------------------------------------------------------------
    S = SHEET_SECTIONS
    section_rows: list[SectionRow] = []
    file_sections: dict[tuple[str, str], int] = {}

    def agency_known(sheet: str, number: int, column: str, code: str) -> tuple[bool, Agency | None]:
        """Is there such an agency (in the file or the database)? Returns (known, existing agency)."""
        if not code:
            out.add(sheet, number, column, "请填写机构代码。")
            return False, None
        if error := validate_agency_code(code):
            out.add(sheet, number, column, error)
            return False, None
        if org9_of(code) in by_org9:
            return True, None
        existing = existing_agency(code)
        if existing is None:
            out.add(sheet, number, column, f"机构 {code} 不存在（系统中和“机构”工作表中都没有）。")
            return False, None
        if not existing.is_active:
            out.add(sheet, number, column, f"机构“{existing.name}”已停用。")
            return False, None
        return True, existing

    for number, values in sheets.get(S, []):
        code = normalise_agency_code(out.code(S, number, values, "机构代码"))
        name = out.text(S, number, values, "科室名称", max_length=100)
        section_code = out.code(S, number, values, "科室代码")
        if len(section_code) > 20:
            out.add(S, number, "科室代码", "科室代码最长 20 个字符。")
        known, existing = agency_known(S, number, "机构代码", code)
        if not name:
            out.add(S, number, "科室名称", "请填写科室名称。")
        elif known:
            key = (org9_of(code), name)
            if key in file_sections:
                out.add(S, number, "科室名称", f"与本表第 {file_sections[key]} 行重复。")
            elif existing is not None and Section.objects.filter(agency=existing, name=name).exists():
                out.add(S, number, "科室名称", f"“{existing.name}”已有名为“{name}”的科室。")
            file_sections.setdefault(key, number)
        section_rows.append(SectionRow(number, code, name, section_code))

    # People -----------------------------------------------------------------------------------
    P = SHEET_PEOPLE
    person_rows: list[PersonRow] = []
    usernames: dict[str, int] = {}
    for number, values in sheets.get(P, []):
        username = out.text(P, number, values, "用户名", max_length=150)
        full_name = out.text(P, number, values, "姓名", max_length=100)
        phone = out.code(P, number, values, "电话")
        email = out.text(P, number, values, "邮箱", max_length=254)
        code = normalise_agency_code(out.code(P, number, values, "单位机构代码"))
        section_name = out.text(P, number, values, "科室", max_length=100)
        roles_text = out.text(P, number, values, "角色", max_length=500)
        password = out.text(P, number, values, "初始密码", max_length=128)
        if error := username_error(username):
            out.add(P, number, "用户名", error)
        else:
            key = username.lower()
            if key in usernames:
                out.add(P, number, "用户名", f"用户名“{username}”与本表第 {usernames[key]} 行重复。")
            elif User.objects.filter(username__iexact=username).exists():
                out.add(P, number, "用户名", f"用户名“{username}”已被使用。")
            usernames.setdefault(key, number)
        if not full_name:
            out.add(P, number, "姓名", "请填写姓名。")
        if error := phone_error(phone):
            out.add(P, number, "电话", error)
        if error := email_error(email):
            out.add(P, number, "邮箱", error)
        known, existing = agency_known(P, number, "单位机构代码", code)
        if section_name and known:
            in_file = (org9_of(code), section_name) in file_sections
            in_db = existing is not None and Section.objects.filter(agency=existing, name=section_name).exists()
            if not (in_file or in_db):
                out.add(P, number, "科室", f"该单位没有名为“{section_name}”的科室；可在“科室”工作表中一并导入。")
        roles: list[str] = []
        for label in split_roles(roles_text):
            role = _role_from_label(label)
            if role is None:
                out.add(P, number, "角色", f"未知角色“{label}”。")
            elif role == Role.SYSTEM_ADMIN:
                out.add(P, number, "角色", "系统管理员角色不能通过导入分配，请在人员页面单独授予。")
            elif role not in roles:
                roles.append(role)
        if not roles_text:
            out.add(P, number, "角色", "请至少填写一个角色（多个角色用“、”分隔）。")
        probe = User(username=username, full_name=full_name, email=email)
        if password and (problems := password_errors(password, probe)):
            out.add(P, number, "初始密码", "密码不符合要求：" + " ".join(problems))
        person_rows.append(PersonRow(number, username, full_name, phone, email, code, section_name, roles, password))

    order = {A: 0, S: 1, P: 2}
    errors = sorted(out.errors, key=lambda e: (order.get(e.sheet, 9), e.row or 0))
    return ImportPlan(ordered, section_rows, person_rows), errors


# --- the template -----------------------------------------------------------------------------


def example_org_code(body: str) -> str:
    return body + org_code_check_char(body)


def build_template(*, with_example: bool = True) -> bytes:
    """The import template: the three sheets with their header rows (and an example row), plus notes."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    example_code = example_org_code("01150699")
    examples = {
        SHEET_AGENCIES: [
            "鄂托克前旗交通运输局",
            "交通运输局",
            "政府工作部门",
            "150623",
            "000014349",
            example_code,
            "031",
        ],
        SHEET_SECTIONS: [example_code, "办公室", "01"],
        SHEET_PEOPLE: [
            "zhangsan",
            "张三",
            "0477-7621234",
            "zhangsan@example.gov.cn",
            example_code,
            "办公室",
            "无审核权的下级用户、联络员",
            "",
        ],
    }
    workbook = openpyxl.Workbook()
    set_workbook_properties(workbook, author="政府信息公开平台", title="机构、科室和人员批量导入模板")
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FDE2E2")
    for name in (SHEET_AGENCIES, SHEET_SECTIONS, SHEET_PEOPLE):
        ws = workbook.create_sheet(name)
        columns = SHEETS[name]
        ws.append([header for header, _ in columns])
        if with_example:
            ws.append(examples[name])
        for index, (header, required) in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=index)
            cell.font = bold
            if required:
                cell.fill = required_fill
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = max(14, len(header) * 3 + 4)
            if header in CODE_COLUMNS or header == "初始密码":
                for row in range(2, 1002):
                    ws.cell(row=row, column=index).number_format = "@"
        ws.freeze_panes = "A2"
        if name == SHEET_AGENCIES:
            kinds = ",".join(str(k.label) for k in AgencyKind)
            validation = DataValidation(type="list", formula1=f'"{kinds}"', allow_blank=False)
            validation.error = "请从列表中选择机构类型。"
            ws.add_data_validation(validation)
            validation.add("C2:C1001")
    notes = workbook.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 110
    lines = [
        "组织机构与人员导入模板（第 1 行为表头，数据从第 2 行开始；红底列为必填）",
        "“机构”：机构代码为 9 位组织机构代码或 18 位统一社会信用代码（含校验位）；区划代码须已在系统中存在；",
        "        上级机构代码可以是系统中已有的机构，也可以是本表中的其他行。",
        "机构类型可填：" + "、".join(str(k.label) for k in AgencyKind),
        "“科室”（可选）：按机构代码为机构添加科室。",
        "“人员”：角色填写中文名称，多个角色用“、”分隔；科室须已存在或在“科室”工作表中列出。",
        "角色可填：" + "、".join(str(r.label) for r in Role if r != Role.SYSTEM_ADMIN),
        "初始密码可留空：留空的人员须由管理员在“人员与角色”页面设置密码后才能登录。",
        "代码列请保持文本格式，以免 Excel 去掉前导零。整个文件要么全部导入，要么在有错误时全部不导入。",
    ]
    for line in lines:
        notes.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
