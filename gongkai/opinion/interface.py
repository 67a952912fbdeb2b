"""What other domain apps may use of the opinion module (plain values only, no models).

The collection tools (feeds, file import, the common record check) and the text tools (Chinese
normalisation, SimHash near-duplicates, the hashed n-gram linear model) are shared here so that no app
keeps a second copy (``gongkai.interaction`` finds near-duplicate letters; ``gongkai.websites`` collects
its accounts' posts and trains its classifier with them).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

# --- Near-duplicate text tools (the pipeline's normalisation and SimHash signatures) -------------
# Used by the leader mailbox (gongkai.interaction) to find letters with the same or nearly the same text.


def text_key(text: str) -> str:
    """The normalised text without punctuation, symbols and spaces (Traditional folded to Simplified)."""
    from .nlp.normalize import normalise
    from .pipeline.signatures import dedup_key

    return dedup_key(normalise(text or ""))


def text_signature(text: str) -> int | None:
    """SimHash (signed 64-bit int) of the normalised text; None when the text is too short to compare."""
    from .pipeline.signatures import simhashes

    return simhashes([text_key(text)])[0]


def near_duplicate(a: int | None, b: int | None) -> bool:
    """Two signatures of near-duplicate texts (at most the pipeline's ``NEAR_BITS`` bits apart)."""
    from .pipeline.signatures import NEAR_BITS, hamming

    return a is not None and b is not None and hamming(a, b) <= NEAR_BITS


# --- Collection and text classification (used by gongkai.websites) ------------------------------


def parse_feed(data: bytes) -> list[dict]:
    """Entries of an RSS 2.0 / RSS 1.0 / Atom document as record mappings (``ValidationFailed`` if not a feed)."""
    from .ingest.feeds import parse_feed as _parse

    return _parse(data)


def fetch_feed(url: str, *, etag: str = "", modified: str = "") -> dict[str, Any]:
    """GET a feed with conditional headers: ``{"status", "body", "etag", "modified"}`` (304 = unchanged)."""
    from .ingest.feeds import http_fetch

    fetched = http_fetch(url, etag, modified)
    return {"status": fetched.status, "body": fetched.body, "etag": fetched.etag, "modified": fetched.modified}


def read_import_file(
    data: bytes, filename: str, *, column_map: dict[str, str] | None = None
) -> tuple[list[dict], list[dict]]:
    """Rows of a CSV / Excel / JSON-lines export (vendors' Chinese headers understood) as record
    mappings, and the rejected lines as ``{"line", "reason"}``; ``ValidationFailed`` for a bad file."""
    from .ingest.files import read_file

    parsed = read_file(data, filename, column_map=column_map)
    return list(parsed.rows), [r.as_dict("line") for r in parsed.rejected]


def parse_column_map(text: str) -> dict[str, str]:
    """``字段=列名`` lines → {field: header} (Chinese ``ValidationFailed`` on bad lines)."""
    from .ingest.files import parse_column_map as _parse

    return _parse(text)


def check_records(rows: list[Any], *, start: int = 0) -> tuple[list[dict], list[dict]]:
    """Check and normalise record mappings (ids, times in Beijing time, counts, URLs): the good ones
    as plain dicts (``external_id``, ``title``, ``text``, ``url``, ``published_at`` …) and the rejected
    ones as ``{"index", "reason", "id"?}``."""
    from .ingest.records import parse_records

    good, rejected = parse_records(rows, start=start)
    return (
        [{"index": i, **dataclasses.asdict(record)} for i, record in good],
        [r.as_dict() for r in rejected],
    )


def normalise_texts(texts: list[Any]) -> list[str]:
    """The opinion module's normal form of each text (traditional → simplified, widths, case)."""
    from .nlp.normalize import normalise_many

    return normalise_many(texts)


def fit_text_classifier(texts: list[str], labels: list[int], *, ngrams=(1, 2, 3), bits: int = 18, C: float = 8.0):
    """Fit the module's NB-weighted logistic regression over hashed character n-grams on normalised
    ``texts``; returns the arrays to store (``save_text_classifier``) and the fitted model."""
    import numpy as np

    from .nlp import store
    from .nlp.train import fit_text_model

    model, df = fit_text_model(texts, np.asarray(labels), ngrams=tuple(ngrams), bits=bits, C=C, min_df=2)
    return store.text_model_arrays("m", model, df, len(texts)), model


def save_text_classifier(path: Path | str, arrays: dict) -> None:
    from .nlp import store

    store.save_npz(Path(path), arrays)


def load_text_classifier(path: Path | str):
    """The stored model: an object with ``proba(texts) -> array`` over normalised texts."""
    import numpy as np

    from .nlp import store

    with np.load(Path(path)) as arrays:
        return store.text_model_from(arrays, "m")


# --- News release (gongkai.press): the 24 h press-conference clock and the sensitive-word list ---------


def open_conference_clocks(*, agency_ids: set[int] | None = None) -> list[dict]:
    """Open 24 h press-conference clocks of major events: ``{"event_id", "title", "agency_id", "due_at"}``."""
    from .response.press_link import open_conference_clocks as _open

    return _open(agency_ids)


def conference_clock_state(event_id: int) -> dict | None:
    """The event's press-conference clock: ``{"outcome", "due_at", "stopped_at"}`` or None."""
    from .response.press_link import conference_clock_state as _state

    return _state(event_id)


def press_conference_held(*, event_id: int, held_at, title: str = "", reference: str = "") -> str | None:
    """A conference meeting the event's 24 h clock was held at ``held_at``: the clock stops; returns
    the outcome (``"met"`` / ``"late"``) or None when the event has no open conference clock."""
    from .response.press_link import stop_by_conference

    return stop_by_conference(event_id=event_id, held_at=held_at)


def risk_assessments(*, agency_ids: set[int] | None = None) -> list[dict]:
    """Concluded opinion risk assessments of major decisions (R5.3) of the units, for reuse in a press
    conference plan: ``{"id", "agency_id", "title", "level", "level_label", "findings", "plan", "talking_points"}``."""
    from .response.press_link import concluded_risk_assessments

    return concluded_risk_assessments(agency_ids)


def risk_assessment(pk: int) -> dict | None:
    """One concluded risk assessment (the same plain values), or None."""
    from .response.press_link import concluded_risk_assessment

    return concluded_risk_assessment(pk)


def sensitive_terms_in(text: str, *, region_id: int | None = None) -> list[str]:
    """The terms of the rule ``opinion.sensitive_terms`` (in force for the region) found in ``text``,
    matched on the module's normal form (Traditional folded to Simplified, widths, case)."""
    from .nlp.normalize import normalise_many
    from .pipeline.levels import load_thresholds

    terms = load_thresholds(region_id).sensitive_terms
    if not terms or not text:
        return []
    normal_text, *normal_terms = normalise_many([text, *terms])
    return [t for t, n in zip(terms, normal_terms, strict=True) if n and n in normal_text]


# --- For oversight (the assessment contract, /work/notes/assessment_contract.md) --------------------


def assessment_figures(*, agency_id: int, start, end) -> list[dict]:
    """Responses within their clocks: of the unit's response clocks due in [start, end], the share
    met on time (a clock still open after its due time counts as late)."""
    from django.db.models import Q

    from gongkai.core import clock, links
    from gongkai.opinion.response.enums import ClockOutcome
    from gongkai.opinion.response_models import ResponseClock

    now = clock.now()
    clocks = ResponseClock.objects.filter(
        agency_id=agency_id, deadline__due_date__gte=start, deadline__due_date__lte=end
    ).exclude(outcome=ClockOutcome.SUPERSEDED)
    decided = clocks.filter(
        Q(outcome__in=[ClockOutcome.MET, ClockOutcome.LATE]) | Q(outcome=ClockOutcome.OPEN, deadline__due_at__lt=now)
    )
    total = decided.count()
    met = decided.filter(outcome=ClockOutcome.MET).count()
    url = None
    if "opinion.response.statistics" in links.registered():
        url = links.url("opinion.response.statistics") + f"?agency={agency_id}&from={start}&to={end}"
    return [
        {
            "key": "opinion.responses_on_time",
            "label": "舆情回应按时率",
            "value": float(met) if total else None,
            "target": float(total) if total else None,
            "rate": (met / total) if total else None,
            "records": total,
            "url": url,
        }
    ]


def late_response_clocks(*, agency_ids: set[int] | None = None) -> list[dict]:
    """Response clocks finished late or still open after their due time (for accountability cases)."""
    from django.db.models import Q

    from gongkai.core import clock, links
    from gongkai.opinion.response.enums import ClockOutcome
    from gongkai.opinion.response_models import ResponseClock

    qs = ResponseClock.objects.select_related("agency", "event", "deadline").filter(
        Q(outcome=ClockOutcome.LATE) | Q(outcome=ClockOutcome.OPEN, deadline__due_at__lt=clock.now())
    )
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return [
        {
            "id": c.pk,
            "agency_id": c.agency_id,
            "agency": c.agency.name,
            "event": str(c.event),
            "obligation": c.get_obligation_display(),
            "due_at": c.deadline.due_at,
            "outcome": c.get_outcome_display(),
            "url": links.url_for(c),
        }
        for c in qs.order_by("deadline__due_at")[:500]
    ]


def accountability_records() -> list[dict]:
    """The 通报批评 / 约谈 / 通报表扬 records of response work (祥政办通〔2019〕54号 (十九)), as plain
    values, for ``oversight``, which keeps the criticism and interviews as accountability cases."""
    from gongkai.opinion.response_models import AccountabilityAction

    return [
        {
            "id": r.pk,
            "agency_id": r.agency_id,
            "person": r.person,
            "kind": r.kind,
            "kind_label": r.get_kind_display(),
            "issuer": r.issuer.name,
            "decided_at": r.decided_at,
            "document_number": r.document_number,
            "reason": r.reason,
            "events": [str(e) for e in r.events.all()],
        }
        for r in AccountabilityAction.objects.select_related("issuer").prefetch_related("events").order_by("id")
    ]


# --- Letters that touch public opinion (gongkai.interaction) -------------------------------------

LETTER_SOURCE_NAME = "领导信箱与热线（来信转报）"


def report_letters(*, agency_id: int, records: list[dict]) -> dict[str, int | None]:
    """Feed letters to the monitoring pipeline as posts of the agency's mailbox source (kind 领导信箱,
    tracking every post, created on first use), so that many letters on one subject form an opinion
    event. ``records``: ``{"id", "title", "text", "published_at"}`` with personal data already removed.
    Returns ``{id: event id or None}``. Must not run inside the caller's transaction (the pipeline
    commits batch by batch)."""
    from gongkai.audit.services import audit_log

    from .enums import SourceKind
    from .events import OpinionEvent
    from .models import Post, Source
    from .services import ingest_records

    source = Source.objects.filter(agency_id=agency_id, name=LETTER_SOURCE_NAME).first()
    if source is None:
        source = Source.objects.create(
            agency_id=agency_id,
            name=LETTER_SOURCE_NAME,
            kind=SourceKind.MAILBOX,
            description="领导信箱和热线中涉及同一事项、负面且增多的来信，由信箱系统自动转报（已隐去个人信息）。",
            track_all=True,
        )
        audit_log(actor=None, event=OpinionEvent.SOURCE_CREATED, target=source, data={"new": {"name": source.name}})
    ingest_records(source=source, rows=records, channel="api")
    ids = [str(r.get("id")) for r in records]
    return dict(Post.objects.filter(source=source, external_id__in=ids).values_list("external_id", "event_id"))


def event_title(event_id: int) -> str | None:
    from .models import Event

    return Event.objects.filter(pk=event_id).values_list("title", flat=True).first()
