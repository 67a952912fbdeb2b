"""The assessment of units (001 (十九), 003 (十六)): a yearly or quarterly round per government,
one scorecard per unit below it, computed from the indicators of the dated rule record
``oversight.assessment_indicators``; manual indicators entered with evidence; ranking,
commendations and the 通报 (.docx) on publication."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.core import clock, documents
from gongkai.core.errors import InvalidTransition, ValidationFailed
from gongkai.orgs.models import Agency
from gongkai.rules.selectors import rule_value

from .. import figures, permissions, selectors
from ..enums import LineSource, RoundStatus
from ..events import OversightEvent
from ..models import AssessmentRound, Scorecard, ScoreLine


def _check_period(year: int, quarter: int | None) -> None:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationFailed("年度无效。")
    if quarter is not None and quarter not in (1, 2, 3, 4):
        raise ValidationFailed("季度应为 1–4。")


def _indicators(government: Agency, end: dt.date):
    return rule_value("oversight.assessment_indicators", government.region, end)


@transaction.atomic
def round_compute(*, actor, government: Agency, year: int, quarter: int | None = None) -> AssessmentRound:
    """Create or recompute the round of ``government`` for the period (only while not published)."""
    permissions.require(actor, "assessment", "manage", government)
    _check_period(year, quarter)
    start, end = figures.period(year, quarter)
    rv = _indicators(government, end)
    indicators = rv.value["indicators"]
    # The opinion module's 通报批评 / 约谈 count as accountability cases of the period.
    from .cases import case_sync_opinion_records

    case_sync_opinion_records(actor=actor)
    rnd, _created = AssessmentRound.objects.select_for_update().get_or_create(
        government=government, year=year, quarter=quarter
    )
    if rnd.status == RoundStatus.PUBLISHED:
        raise InvalidTransition("考核结果已发布，不能重新测算。")
    units = Agency.objects.filter(
        pk__in=selectors.descendant_agency_ids(government) - {government.pk}, is_active=True
    ).order_by("name")
    keys = [ind["key"] for ind in indicators]
    for agency in units:
        card, _ = Scorecard.objects.get_or_create(round=rnd, agency=agency)
        card.lines.exclude(key__in=keys).delete()
        deduct = next((i.get("deduct_per_case", 0) for i in indicators if i["key"] == "oversight.accountability"), 0)
        figs = figures.unit_figures(agency, start, end, deduct_per_case=deduct)
        for ind in indicators:
            weight = Decimal(str(ind["weight"]))
            if ind.get("manual"):
                line, _ = ScoreLine.objects.get_or_create(
                    card=card,
                    key=ind["key"],
                    defaults={"label": ind["label"], "weight": weight, "source": LineSource.MANUAL},
                )
                line.label, line.weight, line.source = ind["label"], weight, LineSource.MANUAL
                line.score = figures.score(weight, line.rate)
                line.save()
                continue
            fig = figs.get(ind["key"]) or {}
            rate = fig.get("rate") if fig.get("value") is not None else None
            ScoreLine.objects.update_or_create(
                card=card,
                key=ind["key"],
                defaults={
                    "label": ind["label"],
                    "weight": weight,
                    "source": LineSource.AUTO,
                    "value": fig.get("value"),
                    "target": fig.get("target"),
                    "rate": rate,
                    "score": figures.score(weight, rate),
                    "records": int(fig.get("records") or 0),
                    "url": (fig.get("url") or "")[:400],
                },
            )
    rnd.cards.exclude(agency__in=units).delete()
    rnd.citation = rv.citation[:300]
    rnd.computed_at = clock.now()
    rnd.save()
    _rank(rnd, int(rv.value.get("commend_top", 0)))
    audit_log(
        actor=actor,
        event=OversightEvent.ROUND_COMPUTED,
        target=rnd,
        data={"new": {"year": year, "quarter": quarter, "units": units.count()}},
    )
    return rnd


def _rank(rnd: AssessmentRound, commend_top: int) -> None:
    """Totals as a percentage of the weights that have data; competition ranking; the first
    ``commend_top`` ranks (with a total) are commended."""
    cards = list(rnd.cards.prefetch_related("lines"))
    for card in cards:
        lines = [ln for ln in card.lines.all() if ln.score is not None]
        weights = sum((ln.weight for ln in lines), Decimal("0"))
        card.total = (
            (sum((ln.score for ln in lines), Decimal("0")) / weights * 100).quantize(Decimal("0.01"))
            if weights
            else None
        )
    ranked = sorted([c for c in cards if c.total is not None], key=lambda c: c.total, reverse=True)
    previous, rank = None, 0
    for position, card in enumerate(ranked, start=1):
        if card.total != previous:
            rank, previous = position, card.total
        card.rank = rank
        card.commended = rank <= commend_top
    for card in cards:
        if card.total is None:
            card.rank, card.commended = None, False
        card.save(update_fields=["total", "rank", "commended"])


@transaction.atomic
def manual_score_enter(*, actor, line: ScoreLine, score, evidence: str) -> ScoreLine:
    line = ScoreLine.objects.select_for_update().select_related("card__round").get(pk=line.pk)
    rnd = line.card.round
    permissions.require(actor, "assessment", "manage", rnd.government_id)
    if rnd.status == RoundStatus.PUBLISHED:
        raise InvalidTransition("考核结果已发布，不能修改。")
    if line.source != LineSource.MANUAL:
        raise ValidationFailed("该指标由系统根据业务记录计算，不能人工录入。")
    try:
        points = Decimal(str(score).strip())
    except Exception:
        raise ValidationFailed("得分应为数字。") from None
    if not points.is_finite() or points < 0 or points > line.weight:
        raise ValidationFailed(f"得分应在 0–{line.weight} 之间。")
    evidence = (evidence or "").strip()
    if not evidence:
        raise ValidationFailed("请填写佐证材料（文件名称、检查记录等）。")
    old = {"score": str(line.score) if line.score is not None else None}
    line.value = float(points)
    line.target = float(line.weight)
    line.rate = float(points / line.weight)
    line.score = points.quantize(Decimal("0.01"))
    line.evidence = evidence
    line.save()
    rv = _indicators(rnd.government, figures.period(rnd.year, rnd.quarter)[1])
    _rank(rnd, int(rv.value.get("commend_top", 0)))
    audit_log(
        actor=actor,
        event=OversightEvent.MANUAL_SCORE,
        target=rnd,
        data={"old": old, "new": {"agency": line.card.agency_id, "key": line.key, "score": str(points)}},
    )
    return line


@transaction.atomic
def round_publish(*, actor, round: AssessmentRound) -> AssessmentRound:
    rnd = AssessmentRound.objects.select_for_update().get(pk=round.pk)
    permissions.require(actor, "assessment", "manage", rnd.government_id)
    if rnd.status == RoundStatus.PUBLISHED:
        raise InvalidTransition("考核结果已经发布。")
    if not rnd.cards.exists():
        raise ValidationFailed("请先测算考核结果。")
    rnd.status = RoundStatus.PUBLISHED
    rnd.published_at = clock.now()
    rnd.notice_docx = round_notice(rnd)
    rnd.save()
    audit_log(actor=actor, event=OversightEvent.ROUND_PUBLISHED, target=rnd, data={"new": {"status": rnd.status}})
    return rnd


def round_notice(rnd: AssessmentRound) -> bytes:
    """The 通报 of the results: ranking table, commended units, units without data noted."""
    cards = selectors.round_cards(rnd)
    issuer = f"{rnd.government.name}办公室"
    doc = documents.official_document(agency=issuer, title=f"关于{rnd}结果的通报", subject="政务公开工作考核通报")
    documents.add_addressee(doc, "各有关单位")
    documents.add_paragraph(
        doc,
        f"根据政务公开工作考核指标（{rnd.citation}），依据平台记录的主动公开、依申请公开、舆情回应、培训、"
        f"社会评议和责任追究等情况，对{len(cards)}个单位进行了考核。现将结果通报如下。",
    )
    documents.add_heading(doc, "一、考核结果")
    documents.add_table(
        doc,
        ["名次", "单位", "得分"],
        [[c.rank or "—", c.agency.name, c.total if c.total is not None else "暂无数据"] for c in cards],
    )
    commended = [c.agency.name for c in cards if c.commended]
    documents.add_heading(doc, "二、表扬")
    documents.add_paragraph(
        doc, ("对以下单位予以通报表扬：" + "、".join(commended) + "。") if commended else "本期无表扬单位。"
    )
    documents.add_heading(doc, "三、有关要求")
    documents.add_paragraph(doc, "得分靠后的单位要认真查找问题，切实整改，并将整改情况报送政务公开办。")
    documents.add_signature(doc, agency=issuer, on=clock.today())
    return documents.to_bytes(doc)
