"""Annual reports (政府信息公开工作年度报告) and the government gazette (政府公报).

Staff (signed in): the units' status by year, a unit's report with its tables and checks, entering a
section 二 figure, generating and submitting the report. Public (no sign-in): the published reports by
year with their files, and the published gazette issues with their tables of contents. Errors are
``{"code", "message", "detail"}``: ``validation_failed`` (422), ``not_found`` (404),
``permission_denied`` (403), ``invalid_transition`` (409).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Router, Schema
from pydantic import Field

from gongkai.annual import gazette, selectors, services
from gongkai.catalog import interface as catalog
from gongkai.core.errors import NotFound, ValidationFailed

router = Router(tags=["年度报告与政府公报"])


class ErrorOut(Schema):
    code: str
    message: str
    detail: Any = None


class UnitStatusOut(Schema):
    agency_id: int
    agency: str = Field(description="单位")
    status: str = Field(description="状态")
    due: dt.date | None = Field(description="公布期限")
    citation: str = Field(description="期限依据")
    overdue: bool = Field(description="是否逾期")


class ReportOut(Schema):
    agency_id: int
    agency: str
    year: int
    status: str = Field(description="状态代码")
    status_label: str = Field(description="状态")
    format: str = Field(description="格式（2021 或 2019）")
    due: dt.date | None = Field(description="公布期限")
    tables: dict = Field(description="第二、三、四部分表格、勾稽校验、尚未报送单位")
    section_one: str
    section_five: str
    section_six: str
    published_url: str


class FigureIn(Schema):
    key: str = Field(description="项目代码，如 permit.decisions", max_length=40)
    value: int | float | str = Field(description="数值（金额单位：万元）")
    source: str = Field(description="数据来源", max_length=200)


class FigureOut(Schema):
    key: str
    label: str
    value: float | None
    source: str


class PublicReportOut(Schema):
    agency: str
    year: int
    title: str
    url: str
    attachments: list[dict]


class GazetteItemOut(Schema):
    title: str
    document_number: str
    index_number: str
    url: str


class GazetteSectionOut(Schema):
    heading: str
    items: list[GazetteItemOut]


class GazetteIssueOut(Schema):
    id: int
    agency: str
    year: int
    number: int
    issued_on: dt.date
    contents: list[GazetteSectionOut] = []


def _year(year: int) -> int:
    if not services.valid_year(year):
        raise ValidationFailed("年度无效。", detail={"year": year})
    return year


def _agency(request, agency_id: int):
    agency = selectors.agency_visible(request.auth, agency_id)
    if agency is None:
        raise NotFound("未找到该单位，或您无权查看。")
    return agency


def _report_out(agency, year: int) -> dict:
    report = selectors.report_for(agency, year)
    if report is None:
        raise NotFound("该单位该年度的报告尚未生成。")
    return {
        "agency_id": agency.pk,
        "agency": agency.name,
        "year": year,
        "status": report.status,
        "status_label": report.get_status_display(),
        "format": report.format_code,
        "due": report.deadline.due_date if report.deadline_id else None,
        "tables": report.tables,
        "section_one": report.section_one,
        "section_five": report.section_five,
        "section_six": report.section_six,
        "published_url": report.published_url,
    }


@router.get("/reports", response={200: list[UnitStatusOut], 422: ErrorOut}, summary="各单位年度报告报送情况")
def report_list(request, year: int):
    rows = selectors.status_rows(request.auth, _year(year))
    return [
        {
            "agency_id": r["agency"].pk,
            "agency": r["agency"].name,
            "status": r["status_label"],
            "due": r["due"],
            "citation": r["citation"],
            "overdue": r["overdue"],
        }
        for r in rows
    ]


@router.get(
    "/reports/{agency_id}/{year}", response={200: ReportOut, 404: ErrorOut, 422: ErrorOut}, summary="单位年度报告"
)
def report_detail(request, agency_id: int, year: int):
    return _report_out(_agency(request, agency_id), _year(year))


@router.get(
    "/reports/{agency_id}/{year}/figures",
    response={200: list[FigureOut], 404: ErrorOut, 422: ErrorOut},
    summary="第二部分填报数据",
)
def figure_list(request, agency_id: int, year: int):
    agency = _agency(request, agency_id)
    return [
        {
            "key": f["key"],
            "label": f["label"],
            "value": float(f["figure"].value) if f["figure"] else None,
            "source": f["figure"].source if f["figure"] else "",
        }
        for f in selectors.figures(agency, _year(year))
    ]


@router.post(
    "/reports/{agency_id}/{year}/figures",
    response={200: FigureOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="填报第二部分数据（含数据来源）",
)
def figure_save(request, agency_id: int, year: int, payload: FigureIn):
    agency = _agency(request, agency_id)
    figure = services.figure_save(
        actor=request.auth, agency=agency, year=_year(year), key=payload.key, value=payload.value, source=payload.source
    )
    labels = {f["key"]: f["label"] for f in selectors.figures(agency, year)}
    return {
        "key": figure.key,
        "label": labels.get(figure.key, ""),
        "value": float(figure.value),
        "source": figure.source,
    }


@router.post(
    "/reports/{agency_id}/{year}/generate",
    response={200: ReportOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="生成（重新计算）年度报告",
)
def report_generate(request, agency_id: int, year: int):
    agency = _agency(request, agency_id)
    services.report_generate(actor=request.auth, agency=agency, year=_year(year))
    return _report_out(agency, year)


@router.post(
    "/reports/{agency_id}/{year}/submit",
    response={200: ReportOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="提交年度报告审核",
)
def report_submit(request, agency_id: int, year: int):
    agency = _agency(request, agency_id)
    report = selectors.report_for(agency, _year(year))
    if report is None:
        raise NotFound("该单位该年度的报告尚未生成。")
    services.report_submit(actor=request.auth, report=report)
    return _report_out(agency, year)


@router.get(
    "/public/reports", response={200: list[PublicReportOut], 422: ErrorOut}, auth=None, summary="已公布的年度报告"
)
def public_reports(request, year: int | None = None):
    if year is not None:
        _year(year)
    return [
        {
            "agency": r.agency.name,
            "year": r.year,
            "title": r.title,
            "url": r.published_url,
            "attachments": catalog.item_attachments(r.published_item_id) if r.published_item_id else [],
        }
        for r in selectors.published_reports(year)
    ]


@router.get("/public/gazette", response=list[GazetteIssueOut], auth=None, summary="已出版的政府公报")
def public_gazette(request):
    return [
        {"id": i.pk, "agency": i.agency.name, "year": i.year, "number": i.number, "issued_on": i.issued_on}
        for i in selectors.gazette_issues()
    ]


@router.get(
    "/public/gazette/{issue_id}",
    response={200: GazetteIssueOut, 404: ErrorOut},
    auth=None,
    summary="一期政府公报的目录",
)
def public_gazette_issue(request, issue_id: int):
    issue = selectors.gazette_issues().filter(pk=issue_id).first() if 0 < issue_id < 2**31 else None
    if issue is None:
        raise NotFound("没有该期公报。")
    return {
        "id": issue.pk,
        "agency": issue.agency.name,
        "year": issue.year,
        "number": issue.number,
        "issued_on": issue.issued_on,
        "contents": gazette.contents(issue),
    }
