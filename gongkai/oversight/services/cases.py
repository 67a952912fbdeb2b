"""Accountability cases (004 附件3 第五条): opened by hand or from a record of another app (through
its ``interface``), decided on the ``oversight.accountability`` review, with a notice (.docx)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from gongkai.audit.services import audit_log
from gongkai.catalog import interface as catalog_interface
from gongkai.core import clock, documents, links
from gongkai.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from gongkai.foi import interface as foi_interface
from gongkai.notifications.services import notify
from gongkai.opinion import interface as opinion_interface
from gongkai.orgs.enums import Role
from gongkai.orgs.models import Agency, User
from gongkai.workflow import registry as workflow_registry
from gongkai.workflow.services import review_start

from .. import permissions
from ..enums import CaseAction, CaseSource, CaseStatus, Outcome, ViolationType
from ..events import OversightEvent
from ..models import AccountabilityCase
from ..reviews import TEMPLATE_KEY
from ..transitions import CASE_TRANSITIONS


def _next_number(year: int) -> str:
    prefix = f"ZR{year}-"
    last = (
        AccountabilityCase.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
    ).first()
    seq = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


@transaction.atomic
def case_open(
    *,
    actor,
    agency: Agency,
    violation: str,
    facts: str,
    persons: str = "",
    source: str = CaseSource.MANUAL,
    source_ref: str = "",
    source_label: str = "",
    source_url: str = "",
) -> AccountabilityCase:
    permissions.require(actor, "case", "handle", agency)
    if violation not in ViolationType.values:
        raise ValidationFailed("请选择违规情形。")
    facts = (facts or "").strip()
    if not facts:
        raise ValidationFailed("请填写违规事实。")
    if source_ref and AccountabilityCase.objects.filter(source_ref=source_ref).exists():
        raise Conflict("该记录已经立案，不能重复立案。")
    today = clock.today()
    try:
        with transaction.atomic():
            case = AccountabilityCase.objects.create(
                number=_next_number(today.year),
                agency=agency,
                violation=violation,
                source=source,
                source_ref=source_ref,
                source_label=source_label[:300],
                source_url=source_url[:300],
                facts=facts,
                persons=(persons or "").strip()[:300],
                opened_on=today,
                opened_by=actor,
            )
    except IntegrityError:
        raise Conflict("该记录已经立案，或案件编号冲突，请重试。") from None
    audit_log(
        actor=actor,
        event=OversightEvent.CASE_OPENED,
        target=case,
        data={"new": {"number": case.number, "violation": violation, "source": source, "source_ref": source_ref}},
    )
    return case


def case_open_from_foi(*, actor, application_id: int, facts: str = "", persons: str = "") -> AccountabilityCase:
    """A case from an application whose answer clock ran out (or that was answered late)."""
    app = foi_interface.application_summary(application_id)
    if app is None:
        raise NotFound("未找到该申请。")
    if not (app["overdue"] or app["late"]):
        raise ValidationFailed("该申请未逾期，不能据此立案。")
    agency = Agency.objects.get(pk=app["agency_id"])
    due = app["due_at"].strftime("%Y-%m-%d") if app["due_at"] else "—"
    default_facts = (
        f"依申请公开申请 {app['tracking_number']}（收到日期 {app['receipt_date']:%Y-%m-%d}）答复期限为 {due}，"
        f"{'至今未答复' if app['overdue'] else '逾期答复'}（当前状态：{app['status']}）。"
    )
    return case_open(
        actor=actor,
        agency=agency,
        violation=ViolationType.LATE_ANSWER,
        facts=(facts or "").strip() or default_facts,
        persons=persons,
        source=CaseSource.FOI,
        source_ref=f"foi:{application_id}",
        source_label=f"依申请公开申请 {app['tracking_number']}",
        source_url=app["url"],
    )


def case_open_from_opinion(*, actor, clock_id: int, facts: str = "", persons: str = "") -> AccountabilityCase:
    """A case from a public-opinion response clock that ran out (finished late or still open)."""
    found = next((c for c in opinion_interface.late_response_clocks() if c["id"] == clock_id), None)
    if found is None:
        raise ValidationFailed("该舆情回应未逾期，不能据此立案。")
    agency = Agency.objects.get(pk=found["agency_id"])
    due = found["due_at"].strftime("%Y-%m-%d %H:%M") if found["due_at"] else "—"
    default_facts = (
        f"舆情事件“{found['event']}”的{found['obligation']}时限为 {due}，{found['outcome']}，未在规定时限内回应。"
    )
    return case_open(
        actor=actor,
        agency=agency,
        violation=ViolationType.LATE_ANSWER,
        facts=(facts or "").strip() or default_facts,
        persons=persons,
        source=CaseSource.OPINION,
        source_ref=f"opinion-clock:{clock_id}",
        source_label=f"舆情回应时限：{found['event']}（{found['obligation']}）",
        source_url=found["url"],
    )


def case_open_from_catalog(*, actor, item_id: int, facts: str = "", persons: str = "") -> AccountabilityCase:
    """A case from an item published after its art. 26 due date (or overdue and not published)."""
    item = catalog_interface.late_publication_summary(item_id)
    if item is None:
        raise NotFound("未找到该信息。")
    if not item["late"]:
        raise ValidationFailed("该信息未逾期公开，不能据此立案。")
    agency = Agency.objects.get(pk=item["agency_id"])
    default_facts = (
        f"应主动公开的政府信息“{item['title']}”应于 {item['due_date'] or '—'} 前公开，"
        f"{'逾期公开' if item['published'] else '至今未公开'}（条例第二十六条）。"
    )
    return case_open(
        actor=actor,
        agency=agency,
        violation=ViolationType.NOT_DISCLOSED,
        facts=(facts or "").strip() or default_facts,
        persons=persons,
        source=CaseSource.CATALOG,
        source_ref=f"catalog:{item_id}",
        source_label=f"主动公开信息：{item['title'][:100]}",
        source_url=item["url"],
    )


# The opinion module's measures that are accountability (its commendations are not).
OPINION_OUTCOMES = {"criticism": Outcome.CIRCULATED, "interview": Outcome.INTERVIEW}


@transaction.atomic
def case_sync_opinion_records(*, actor=None) -> int:
    """Keep the opinion module's 通报批评 / 约谈 records (through ``opinion.interface``) as decided
    cases of this model, one per record (idempotent); returns how many were added."""
    known = set(
        AccountabilityCase.objects.filter(source_ref__startswith="opinion-record:").values_list("source_ref", flat=True)
    )
    added = 0
    for record in opinion_interface.accountability_records():
        outcome = OPINION_OUTCOMES.get(record["kind"])
        ref = f"opinion-record:{record['id']}"
        if outcome is None or ref in known:
            continue
        events = "、".join(record["events"])
        facts = record["reason"] + (f"（涉及舆情事件：{events}）" if events else "")
        case = AccountabilityCase.objects.create(
            number=_next_number(record["decided_at"].year),
            agency_id=record["agency_id"],
            violation=ViolationType.SERIOUS_CONSEQUENCES,
            source=CaseSource.OPINION,
            source_ref=ref,
            source_label=f"舆情回应{record['kind_label']}（{record['issuer']} {record['document_number']}）".strip(),
            facts=facts,
            persons=record["person"][:300],
            status=CaseStatus.DECIDED,
            outcome=outcome,
            outcome_note=record["document_number"],
            decided_on=record["decided_at"],
            opened_on=record["decided_at"],
            opened_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_log(
            actor=actor,
            event=OversightEvent.CASE_OPENED,
            target=case,
            data={"new": {"number": case.number, "source": CaseSource.OPINION, "source_ref": ref, "outcome": outcome}},
        )
        added += 1
    return added


def _lock(case: AccountabilityCase | int) -> AccountabilityCase:
    pk = case if isinstance(case, int) else case.pk
    found = AccountabilityCase.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该案件。")
    return found


def _transition(actor, case: AccountabilityCase, action: str, **changes) -> AccountabilityCase:
    new = CASE_TRANSITIONS.get((case.status, action))
    if new is None:
        raise InvalidTransition(f"案件当前为“{case.get_status_display()}”，不能{CaseAction(action).label}。")
    old = case.status
    case.status = new
    for name, value in changes.items():
        setattr(case, name, value)
    case.save()
    audit_log(
        actor=actor,
        event=OversightEvent.CASE_TRANSITIONED,
        target=case,
        data={
            "old": {"status": old},
            "new": {"status": new, "action": action, **{k: str(v) for k, v in changes.items()}},
        },
    )
    return case


@transaction.atomic
def case_submit(*, actor, case: AccountabilityCase, comment: str = "") -> AccountabilityCase:
    case = _lock(case)
    permissions.require(actor, "case", "handle", case.agency_id)
    case = _transition(actor, case, CaseAction.SUBMIT)
    review_start(actor=actor, target=case, template_key=TEMPLATE_KEY, agency=case.agency, comment=comment)
    return case


def case_decided(*, actor, case_id: int, outcome: str, note: str = "") -> AccountabilityCase:
    """The review's approval hook (inside the decision's transaction)."""
    if outcome not in Outcome.values:
        raise ValidationFailed("请选择处理意见。")
    case = _lock(case_id)
    case = _transition(
        actor, case, CaseAction.REVIEW_APPROVED, outcome=outcome, outcome_note=note or "", decided_on=clock.today()
    )
    case.notice_docx = case_notice(case)
    case.save(update_fields=["notice_docx"])
    audit_log(actor=actor, event=OversightEvent.CASE_NOTICE_ISSUED, target=case, data={"new": {"outcome": outcome}})
    # The unit concerned is told (its administrators), with the case page that holds the notice.
    notify(
        recipients=User.objects.filter(
            role_assignments__agency_id=case.agency_id, role_assignments__role=Role.UNIT_ADMIN, is_active=True
        ).distinct(),
        subject=f"责任追究处理决定：{case.get_outcome_display()}（{case.number}）",
        body=f"{case.agency.name}：经审核，决定予以{case.get_outcome_display()}。请查看处理通知并书面报告整改落实情况。",
        link=links.url_for(case),
        event=OversightEvent.CASE_NOTICE_ISSUED,
        dedupe_key=f"oversight-case-decided-{case.pk}",
    )
    return case


def case_returned(*, actor, case_id: int, comment: str = "") -> None:
    case = _lock(case_id)
    if case.status == CaseStatus.UNDER_REVIEW:
        _transition(actor, case, CaseAction.REVIEW_RETURNED)


@transaction.atomic
def case_close(*, actor, case: AccountabilityCase, note: str) -> AccountabilityCase:
    case = _lock(case)
    permissions.require(actor, "case", "handle", case.agency_id)
    note = (note or "").strip()
    if not note:
        raise ValidationFailed("请填写结案说明（整改落实情况）。")
    return _transition(actor, case, CaseAction.CLOSE, closing_note=note)


def case_notice(case: AccountabilityCase) -> bytes:
    """The notice of the decision (GB/T 9704 layout), issued by the jurisdiction's government."""
    government = workflow_registry.government_of(case.agency)
    issuer = f"{government.name}政务公开领导小组办公室"
    doc = documents.official_document(
        agency=issuer,
        title=f"关于对{case.agency.name}政务公开工作\n{case.get_outcome_display()}的通知",
        doc_number=case.number,
        subject="责任追究处理通知",
    )
    documents.add_addressee(doc, case.agency.name)
    documents.add_paragraph(
        doc,
        f"经调查核实，你单位存在“{case.get_violation_display()}”的情形（《政府信息公开责任追究制度》第五条）："
        f"{case.facts}",
    )
    if case.persons:
        documents.add_paragraph(doc, f"责任人：{case.persons}。")
    documents.add_paragraph(doc, f"经研究，决定对你单位予以{case.get_outcome_display()}。{case.outcome_note}".strip())
    documents.add_paragraph(doc, "请你单位认真整改，并于收到本通知后书面报告整改落实情况。")
    documents.add_signature(doc, agency=issuer, on=case.decided_on or clock.today())
    return documents.to_bytes(doc)
