"""The monthly inspection report of one unit (国办函〔2019〕19号 检查指标): computed indicators,
the scores a person entered, per account and for the unit; as data, as .docx (GB/T 9704 layout via
``core.documents``) and as Excel.

Scoring (the ``websites.inspection_scheme`` record in force on the month's last day): an account
starts at ``base``; each deduction item takes ``min(cap, per × count)`` (computed) or the points
entered (manual, for the unit); a veto item (computed, or entered for the unit) fails the account
whatever its score; otherwise it passes with ``score ≥ pass_mark``.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from gongkai.core import clock
from gongkai.core import documents as docs
from gongkai.core.periods import month_bounds
from gongkai.orgs.models import Agency
from gongkai.rules.selectors import rule_value_or_none

from .checks import share_on, share_rule_unset_message, update_gap
from .enums import FindingKind, FindingState, Platform, Status
from .models import Account, Finding, Post
from .rules import SCHEME_KEY, SHARE_KEY


def scheme_for(agency_id: int, month: dt.date) -> dict[str, Any]:
    agency = Agency.objects.select_related("region").get(pk=agency_id)
    _, end = month_bounds(month)
    rv = rule_value_or_none(SCHEME_KEY, agency.region, end)
    scheme = dict(rv.value) if rv else {"base": 100, "pass_mark": 0, "vetoes": [], "deductions": []}
    scheme["citation"] = rv.citation if rv else ""
    return scheme


def account_figures(account: Account, start: dt.date, end: dt.date) -> dict[str, Any]:
    """What the system can compute for one account in [start, end]."""
    last = min(end, clock.today())
    posts = Post.objects.filter(account=account, published_on__gte=start, published_on__lte=last)
    days = sorted(set(posts.values_list("published_on", flat=True)))
    below = []
    total = gov = checked = 0
    for day in days:
        r = share_on(account, day)
        total += r.total
        gov += r.gov
        checked += not r.rule_unset
        if r.below:
            below.append(
                {"day": day.isoformat(), "share": r.share, "total": r.total, "gov": r.gov, "minimum": r.minimum}
            )
    gap = update_gap(account, last) if account.status == Status.OPEN else None
    findings = Finding.objects.filter(account=account, day__gte=start, day__lte=end)
    gap_found = gap is not None and gap.violated or findings.filter(kind=FindingKind.UPDATE_GAP).exists()
    return {
        "posts": total,
        "gov_posts": gov,
        "share": round(100.0 * gov / total, 1) if total else None,
        "days_published": len(days),
        # Days on which a share record applied (the others are not checked: the rule is not set there).
        "share_checked_days": checked,
        "share_rule_unset": checked < len(days),
        "low_share_days": below,
        "update_gap": bool(gap_found),
        "gap": (
            {
                "last_day": gap.last_day.isoformat() if gap.last_day else None,
                "days": gap.days_without,
                "due": gap.due.isoformat() if gap.due else None,
            }
            if gap is not None
            else None
        ),
        "counts": {
            "update_gap": int(bool(gap_found)),
            "low_share": len(below),
            "broken_link": findings.filter(kind=FindingKind.BROKEN_LINK).count(),
            "wrong_name": findings.filter(kind=FindingKind.WRONG_NAME).count(),
            "forbidden": findings.filter(kind=FindingKind.FORBIDDEN).count(),
        },
    }


def score(scheme: dict[str, Any], counts: dict[str, int], manual: dict[str, Any]) -> dict[str, Any]:
    """The arithmetic of one account (see the module docstring)."""
    vetoes = []
    for item in scheme["vetoes"]:
        hit = counts.get(item["key"], 0) > 0 if item.get("computed") else bool(manual.get(item["key"]))
        if hit:
            vetoes.append(item["name"])
    deductions = []
    total = 0.0
    for item in scheme["deductions"]:
        if item.get("computed"):
            points = min(float(item["cap"]), float(item.get("per", 0)) * counts.get(item["key"], 0))
        else:
            points = min(float(item["cap"]), float(manual.get(item["key"], 0) or 0))
        if points:
            deductions.append({"name": item["name"], "points": points})
        total += points
    value = max(0.0, float(scheme["base"]) - total)
    return {
        "score": round(value, 1),
        "deducted": round(total, 1),
        "deductions": deductions,
        "vetoes": vetoes,
        "passed": not vetoes and value >= float(scheme["pass_mark"]),
    }


def monthly_report(agency_id: int, month: dt.date) -> dict[str, Any]:
    from .selectors import inspection_for

    start, end = month_bounds(month)
    agency = Agency.objects.get(pk=agency_id)
    scheme = scheme_for(agency_id, start)
    inspection = inspection_for(agency_id, start)
    manual = inspection.manual if inspection else {}
    rows = []
    accounts = Account.objects.filter(agency_id=agency_id).exclude(status=Status.PENDING)
    accounts = accounts.exclude(closed_on__lt=start).order_by("platform", "name")
    for account in accounts:
        figures = account_figures(account, start, end)
        rows.append(
            {
                "account_id": account.pk,
                "name": account.name,
                "platform": str(Platform(account.platform).label),
                "status": str(Status(account.status).label),
                "filed": bool(account.filing_number),
                **figures,
                **score(scheme, figures["counts"], manual),
            }
        )
    findings = list(
        Finding.objects.filter(account__agency_id=agency_id, day__gte=start, day__lte=end)
        .select_related("account", "deadline")
        .order_by("day", "id")
    )
    passed = sum(1 for r in rows if r["passed"])
    manual_rows = [
        {"key": v["key"], "name": v["name"], "veto": True, "value": bool(manual.get(v["key"]))}
        for v in scheme["vetoes"]
        if not v.get("computed")
    ] + [
        {"key": d["key"], "name": d["name"], "veto": False, "cap": d["cap"], "value": manual.get(d["key"], "")}
        for d in scheme["deductions"]
        if not d.get("computed")
    ]
    return {
        "manual_rows": manual_rows,
        "agency_id": agency_id,
        "agency": agency.name,
        "month": start,
        "start": start,
        "end": end,
        "scheme": scheme,
        "manual": manual,
        "note": inspection.note if inspection else "",
        "rows": rows,
        "findings": findings,
        "accounts": len(rows),
        "passed": passed,
        "pass_rate": round(passed / len(rows), 4) if rows else None,
        "rectified": sum(1 for f in findings if f.state != FindingState.OPEN),
        "share_rule_unset": any(r["share_rule_unset"] for r in rows),
        "share_rule_message": share_rule_unset_message(),
        "share_rule_key": SHARE_KEY,
    }


def _title(report: dict) -> str:
    m = report["month"]
    return _("%(agency)s%(y)s年%(m)s月\n政府网站与政务新媒体检查情况报告") % {
        "agency": report["agency"],
        "y": m.year,
        "m": m.month,
    }


def _row_cells(r: dict) -> list[str]:
    return [
        r["name"],
        r["platform"],
        _("已备案") if r["filed"] else _("未备案"),
        str(r["posts"]),
        "—" if r["share"] is None else f"{r['share']:g}%",
        _("本地未设定规则") if r["days_published"] and not r["share_checked_days"] else str(len(r["low_share_days"])),
        _("是") if r["update_gap"] else _("否"),
        str(r["counts"]["broken_link"]),
        str(r["counts"]["wrong_name"] + r["counts"]["forbidden"]),
        f"{r['score']:g}",
        _("合格")
        if r["passed"]
        else (_("不合格（%(v)s）") % {"v": "、".join(r["vetoes"])} if r["vetoes"] else _("不合格")),
    ]


HEADER = [
    N_("名称"),
    N_("平台"),
    N_("网信办备案"),
    N_("发布条数"),
    N_("政府信息占比"),
    N_("占比不达标天数"),
    N_("两周未更新"),
    N_("错链断链"),
    N_("严重错误"),
    N_("得分"),
    N_("结论"),
]
FINDING_HEADER = [
    N_("日期"),
    N_("网站或账号"),
    N_("问题类型"),
    N_("问题描述"),
    N_("整改期限"),
    N_("状态"),
    N_("整改情况"),
]


def _finding_cells(f: Finding) -> list[str]:
    due = ""
    if f.deadline_id and f.deadline.due_at:
        from django.utils import timezone

        due = timezone.localdate(f.deadline.due_at).isoformat()
    return [
        f.day.isoformat(),
        f.account.name,
        f.get_kind_display(),
        f.message,
        due,
        f.get_state_display(),
        f.rectification,
    ]


def report_docx(report: dict) -> bytes:
    doc = docs.official_document(agency=report["agency"], title=_title(report), subject=_("政府网站与政务新媒体检查"))
    scheme = report["scheme"]
    docs.add_paragraph(
        doc,
        _(
            "按照%(citation)s，对本单位%(n)s个政府网站和政务新媒体%(start)s至%(end)s的运行情况进行了检查，"
            "合格%(passed)s个。基础分%(base)s分，%(pass_mark)s分及以上且无单项否决的为合格。"
        )
        % {
            "citation": scheme.get("citation") or _("检查指标"),
            "n": report["accounts"],
            "start": report["start"].isoformat(),
            "end": report["end"].isoformat(),
            "passed": report["passed"],
            "base": f"{scheme['base']:g}",
            "pass_mark": f"{scheme['pass_mark']:g}",
        },
    )
    if report["share_rule_unset"]:
        docs.add_paragraph(
            doc, _("%(rule)s，未设定的日期未检查政府信息占比。") % {"rule": report["share_rule_message"]}
        )
    docs.add_heading(doc, _("一、检查结果"), 1)
    docs.add_table(doc, [_(h) for h in HEADER], [_row_cells(r) for r in report["rows"]])
    docs.add_heading(doc, _("二、发现的问题及整改情况"), 1)
    docs.add_table(doc, [_(h) for h in FINDING_HEADER], [_finding_cells(f) for f in report["findings"]])
    if report["note"]:
        docs.add_heading(doc, _("三、其他说明"), 1)
        docs.add_paragraph(doc, report["note"])
    docs.add_signature(doc, agency=report["agency"], on=clock.today())
    return docs.to_bytes(doc)


def report_xlsx(report: dict) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = _("检查结果")
    ws.append([_(h) for h in HEADER])
    for r in report["rows"]:
        ws.append(_row_cells(r))
    ws2 = wb.create_sheet(_("问题清单"))
    ws2.append([_(h) for h in FINDING_HEADER])
    for f in report["findings"]:
        ws2.append(_finding_cells(f))
    docs.set_workbook_properties(wb, author=report["agency"], title=_title(report).replace("\n", ""))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
