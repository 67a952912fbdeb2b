"""Review templates defined in code by the owning apps, and the hooks they connect.

An app describes its review once, usually in ``<app>/reviews.py`` imported from its
``AppConfig.ready()``::

    from gongkai.orgs.enums import Role
    from gongkai.workflow import registry
    from gongkai.workflow.registry import DataField, ReviewTemplate, StepSpec

    registry.register(ReviewTemplate(
        key="catalog.publication",
        name="信息发布审查",
        steps=[
            StepSpec("section", "科室拟定公开属性", roles=[Role.SECTION_HEAD, Role.UNIT_ADMIN]),
            StepSpec("office", "政务公开办复核", roles=[Role.DISCLOSURE_OFFICE_STAFF],
                     agency=registry.government_of_review,
                     fields=[DataField("conclusion", "保密审查结论", choices=[("public", "可以公开")])]),
            StepSpec("leader", "分管负责同志审批", roles=[Role.LEADER], agency=registry.government_of_review),
        ],
    ))

    @registry.hook("catalog.publication", "approved")
    def publish(*, review, entry, actor):
        ...  # runs inside the decision's transaction; raising undoes the decision

Steps are copied into rows when a review starts, so a review in flight keeps the
steps and acting agencies it started with even if the template changes later.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gongkai.core.errors import ValidationFailed
from gongkai.orgs.enums import AgencyKind, Role

from .enums import Decision, ResubmitMode, ReviewEvent

if TYPE_CHECKING:  # pragma: no cover
    from gongkai.orgs.models import Agency, Section

    from .models import Review

UNSTAFFED_MODES = ("refuse", "flag")
AgencyResolver = Callable[["Review"], "Agency | int"]
SectionResolver = Callable[["Review"], "Section | int | None"]
Hook = Callable[..., Any]


@dataclass(frozen=True)
class DataField:
    """A piece of structured data a reviewer records with a decision at a step.

    ``choices`` makes it a choice among ``(value, label)`` pairs; ``required_for`` lists
    the decisions that must carry it (by default: approval).
    """

    key: str
    label: str
    choices: Sequence[tuple[str, str]] | None = None
    required_for: frozenset[str] = frozenset({Decision.APPROVE})
    help_text: str = ""

    def __post_init__(self):
        object.__setattr__(self, "required_for", frozenset(self.required_for))
        if self.choices is not None:
            object.__setattr__(self, "choices", tuple((str(v), str(lbl)) for v, lbl in self.choices))


@dataclass(frozen=True)
class StepSpec:
    """One step of a review.

    - ``roles``: the roles (gongkai.orgs.enums.Role) whose holders may decide.
    - ``agency``: resolves the agency whose role-holders may act, from the review
      (called once when the review starts); ``None`` means the review's own agency.
      Roles that cover subordinate agencies (e.g. the county disclosure office) reach
      the agencies below the one they are held at.
    - ``section``: optionally narrows the step to one internal section (科室) of that
      agency, resolved from the review (e.g. the originating section): then only
      holders of the role for that section or for the whole unit — or a covering role
      held above the agency — may act.
    - ``allow_submitter``: may the submitter decide at this step (default: no).
    - ``fields``: structured data recorded with the decision (e.g. a confidentiality
      conclusion); ``validate(decision, data) -> data`` may check or normalise more and
      raise ``ValidationFailed``.
    """

    key: str
    name: str
    roles: Sequence[str]
    agency: AgencyResolver | None = None
    section: SectionResolver | None = None
    allow_submitter: bool = False
    fields: Sequence[DataField] = ()
    validate: Callable[[str, dict[str, Any]], dict[str, Any]] | None = None
    description: str = ""

    def __post_init__(self):
        object.__setattr__(self, "roles", tuple(str(r) for r in self.roles))
        object.__setattr__(self, "fields", tuple(self.fields))
        unknown = [r for r in self.roles if r not in Role.values]
        if not self.roles or unknown:
            raise ValueError(f"step {self.key!r}: roles must be non-empty values of Role, got {self.roles!r}")
        if Role.SYSTEM_ADMIN in self.roles:
            raise ValueError(f"step {self.key!r}: the system administrator holds no unit and cannot review")

    def field(self, key: str) -> DataField | None:
        return next((f for f in self.fields if f.key == key), None)


@dataclass(frozen=True)
class ReviewTemplate:
    """A named, ordered review defined in code.

    ``can_start(actor, target, agency) -> bool`` may narrow who starts a review (the
    engine already requires the actor to belong to, or oversee, the agency).
    ``on_resubmit``: where a returned review continues — ``ResubmitMode.RESUME`` (the
    step that returned it, the default, as in Wagtail) or ``RESTART`` (the first step).
    ``target_url(target) -> str`` lets the review pages link to the reviewed object.
    ``when_unstaffed``: what ``review_start`` does when the first step has no eligible person
    other than the submitter — ``"refuse"`` (the default: a ``ReviewUnstaffed`` error, nothing
    is saved) or ``"flag"`` (for reviews whose start must not be lost: the review starts, the
    steps are flagged on it and the coordinators are told). Later unstaffed steps are always
    flagged, not refused.
    """

    key: str
    name: str
    steps: Sequence[StepSpec]
    on_resubmit: str = ResubmitMode.RESUME
    can_start: Callable[[Any, Any, Any], bool] | None = None
    target_url: Callable[[Any], str] | None = None
    description: str = ""
    when_unstaffed: str = "refuse"

    def __post_init__(self):
        object.__setattr__(self, "steps", tuple(self.steps))
        if self.when_unstaffed not in UNSTAFFED_MODES:
            raise ValueError(f"template {self.key!r}: when_unstaffed must be one of {UNSTAFFED_MODES}")
        if not self.steps:
            raise ValueError(f"template {self.key!r} needs at least one step")
        keys = [s.key for s in self.steps]
        if len(set(keys)) != len(keys):
            raise ValueError(f"template {self.key!r}: step keys must be unique")
        if self.on_resubmit not in ResubmitMode.values:
            raise ValueError(f"template {self.key!r}: on_resubmit must be one of {ResubmitMode.values}")

    def step(self, key: str) -> StepSpec | None:
        return next((s for s in self.steps if s.key == key), None)


_templates: dict[str, ReviewTemplate] = {}
_hooks: dict[tuple[str, str], list[Hook]] = defaultdict(list)


def register(template: ReviewTemplate, *, replace: bool = False) -> ReviewTemplate:
    if template.key in _templates and not replace and _templates[template.key] is not template:
        raise ValueError(f"review template {template.key!r} is already registered")
    _templates[template.key] = template
    return template


def get_template(key: str) -> ReviewTemplate:
    try:
        return _templates[key]
    except KeyError:
        raise ValidationFailed(f"未定义的审核流程：{key}", detail={"template_key": key}) from None


def find_template(key: str) -> ReviewTemplate | None:
    return _templates.get(key)


def templates() -> list[ReviewTemplate]:
    return list(_templates.values())


def connect(template_key: str, event: str, handler: Hook) -> Hook:
    """Call ``handler(review=, entry=, actor=)`` inside the transaction when ``event`` happens.

    Events are the values of ``ReviewEvent``: submitted, step_approved, approved,
    returned, rejected, resubmitted, cancelled. An exception raised by a handler undoes
    the whole action (a ``DomainError`` reaches the user as its message).
    """
    if event not in ReviewEvent.values:
        raise ValueError(f"unknown review event {event!r}; use one of {ReviewEvent.values}")
    if handler not in _hooks[(template_key, event)]:
        _hooks[(template_key, event)].append(handler)
    return handler


def disconnect(template_key: str, event: str, handler: Hook) -> None:
    handlers = _hooks.get((template_key, event), [])
    if handler in handlers:
        handlers.remove(handler)


def hook(template_key: str, *events: str) -> Callable[[Hook], Hook]:
    """Decorator form of ``connect`` for one or more events."""

    def decorator(handler: Hook) -> Hook:
        for event in events:
            connect(template_key, event, handler)
        return handler

    return decorator


def hooks_for(template_key: str, event: str) -> list[Hook]:
    return list(_hooks.get((template_key, event), []))


def validate_data(step: StepSpec | None, decision: str, data: dict[str, Any] | None) -> dict[str, Any]:
    """Check the structured data of a decision against the step's fields."""
    data = dict(data or {})
    errors: dict[str, str] = {}
    for f in step.fields if step else ():
        value = data.get(f.key)
        if isinstance(value, str):
            value = value.strip()
            data[f.key] = value
        if value in (None, "", []):
            data.pop(f.key, None)
            if decision in f.required_for:
                errors[f.key] = f"请填写“{f.label}”。"
            continue
        if f.choices is not None and str(value) not in {v for v, _ in f.choices}:
            errors[f.key] = f"“{f.label}”的取值无效。"
    if errors:
        raise ValidationFailed("；".join(errors.values()), detail={"fields": errors})
    if step is not None and step.validate is not None:
        data = step.validate(decision, data)
    try:
        json.dumps(data)
    except (TypeError, ValueError):
        raise ValidationFailed("审核附加数据格式无效。") from None
    return data


# --- Agency resolvers for StepSpec.agency ------------------------------------------

GOVERNMENT_KINDS = (AgencyKind.GOVERNMENT, AgencyKind.TOWNSHIP)


def review_agency(review: Review) -> Agency:
    """The agency the review was started for (the default)."""
    return review.agency


def government_of_review(review: Review) -> Agency:
    """The people's government of the review's jurisdiction: the nearest agency at or
    above the review's agency that is a government (county, township, ...)."""
    return government_of(review.agency)


def government_of(agency: Agency) -> Agency:
    for node in agency.ancestors():
        if node.kind in GOVERNMENT_KINDS:
            return node
    raise ValidationFailed(f"“{agency.name}”没有上级人民政府，无法确定审核单位。")


def parent_of_review(review: Review) -> Agency:
    """The agency directly above the review's agency (or the agency itself at the top)."""
    return review.agency.parent or review.agency


def iter_role_labels(roles: Iterable[str]) -> list[str]:
    return [Role(r).label if r in Role.values else r for r in roles]
