"""The government gazette (政府公报, SPEC R2.8): issues (year, number, date) compiled from published
catalogue items under headings, an issue page with its table of contents and a Word download.

The items were each published after their own review; an issue only compiles their public copies, so
publishing an issue needs the ``annual.gazette``/``manage`` permission and no further review."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max

from gongkai.audit.services import audit_log
from gongkai.catalog import interface as catalog
from gongkai.core import documents as docs
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.orgs.models import Agency

from . import permissions
from .enums import GazetteStatus
from .events import AnnualEvent
from .models import GazetteEntry, GazetteIssue

# The usual sections of a county or city gazette.
HEADINGS = ("政府规章", "规范性文件", "人事任免", "其他")


def _require(actor, agency: Agency) -> None:
    if not permissions.can_manage_gazette(actor, agency):
        raise PermissionDenied("您不能编辑该单位的政府公报。")


def issue_create(*, actor, agency: Agency, year, number, issued_on) -> GazetteIssue:
    _require(actor, agency)
    try:
        year, number = int(year), int(number)
    except (TypeError, ValueError):
        raise ValidationFailed("年份和期号应为数字。") from None
    if not 2000 <= year <= 2100 or not 1 <= number <= 999:
        raise ValidationFailed("年份或期号无效。")
    if isinstance(issued_on, str):
        try:
            issued_on = dt.date.fromisoformat(issued_on)
        except ValueError:
            raise ValidationFailed("出版日期无效（yyyy-mm-dd）。") from None
    if not isinstance(issued_on, dt.date) or issued_on.year != year:
        raise ValidationFailed("出版日期应在该年份内。")
    try:
        with transaction.atomic():
            issue = GazetteIssue.objects.create(agency=agency, year=year, number=number, issued_on=issued_on)
            audit_log(
                actor=actor,
                event=AnnualEvent.GAZETTE_SAVED,
                target=issue,
                data={"new": {"year": year, "number": number, "issued_on": issued_on.isoformat()}},
            )
    except IntegrityError:
        raise ValidationFailed(f"{year}年第{number}期已存在。") from None
    return issue


def entry_add(*, actor, issue: GazetteIssue, ref: str, heading: str) -> GazetteEntry:
    """Add a published item (index number or ``catalog:<id>``) under a heading."""
    _require(actor, issue.agency)
    if heading not in HEADINGS:
        raise ValidationFailed("栏目无效。")
    item = catalog.published_item(ref)
    if item is None:
        raise ValidationFailed("未找到该索引号对应的已公开信息。")
    with transaction.atomic():
        locked = GazetteIssue.objects.select_for_update().get(pk=issue.pk)
        if locked.status != GazetteStatus.DRAFT:
            raise InvalidTransition("已出版的公报不能修改。")
        if locked.entries.filter(item_id=item.pk).exists():
            raise ValidationFailed("该信息已在本期公报中。")
        order = (locked.entries.aggregate(m=Max("order"))["m"] or 0) + 1
        entry = GazetteEntry.objects.create(issue=locked, heading=heading, item_id=item.pk, order=order)
        audit_log(
            actor=actor,
            event=AnnualEvent.GAZETTE_SAVED,
            target=locked,
            data={"new": {"item": item.index_number, "heading": heading}},
        )
    return entry


def entry_remove(*, actor, entry: GazetteEntry) -> None:
    _require(actor, entry.issue.agency)
    with transaction.atomic():
        issue = GazetteIssue.objects.select_for_update().get(pk=entry.issue_id)
        if issue.status != GazetteStatus.DRAFT:
            raise InvalidTransition("已出版的公报不能修改。")
        audit_log(actor=actor, event=AnnualEvent.GAZETTE_SAVED, target=issue, data={"old": {"item_id": entry.item_id}})
        entry.delete()


def issue_publish(*, actor, issue: GazetteIssue) -> GazetteIssue:
    _require(actor, issue.agency)
    with transaction.atomic():
        locked = GazetteIssue.objects.select_for_update().get(pk=issue.pk)
        if locked.status != GazetteStatus.DRAFT:
            raise InvalidTransition("该期公报已出版。")
        if not contents(locked):
            raise ValidationFailed("公报中还没有篇目。")
        locked.status = GazetteStatus.PUBLISHED
        locked.save(update_fields=["status", "updated_at"])
        audit_log(
            actor=actor,
            event=AnnualEvent.GAZETTE_PUBLISHED,
            target=locked,
            data={"old": {"status": GazetteStatus.DRAFT}, "new": {"status": GazetteStatus.PUBLISHED}},
        )
    return locked


def contents(issue: GazetteIssue) -> list[dict]:
    """Table of contents: ``[{"heading", "items": [published item texts]}]`` in heading order
    (items withdrawn since are left out)."""
    entries = list(issue.entries.all())
    texts = {e.item_id: catalog.published_item_text(e.item_id) for e in entries}
    out = []
    for heading in HEADINGS:
        items = [{**texts[e.item_id], "entry_id": e.pk} for e in entries if e.heading == heading and texts[e.item_id]]
        if items:
            out.append({"heading": heading, "items": items})
    return out


def issue_title(issue: GazetteIssue) -> str:
    return f"{issue.agency.name}公报\n{issue.year}年第{issue.number}期"


def issue_docx(issue: GazetteIssue) -> bytes:
    toc = contents(issue)
    doc = docs.official_document(agency=issue.agency.name, title=issue_title(issue), subject="政府公报")
    docs.add_paragraph(doc, f"出版日期：{docs.cn_date(issue.issued_on)}", align="center")
    docs.add_heading(doc, "目录")
    for group in toc:
        docs.add_heading(doc, group["heading"], level=2)
        for item in group["items"]:
            docs.add_paragraph(
                doc, item["title"] + (f"（{item['document_number']}）" if item["document_number"] else "")
            )
    for group in toc:
        docs.add_heading(doc, group["heading"])
        for item in group["items"]:
            docs.add_heading(doc, item["title"], level=2)
            if item["document_number"]:
                docs.add_paragraph(doc, item["document_number"], align="center")
            for line in (item["body_text"] or "").splitlines():
                if line.strip():
                    docs.add_paragraph(doc, line.strip())
    return docs.to_bytes(doc)
