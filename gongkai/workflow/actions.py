"""Typed workflow actions: one spec per action, read by the service, the pages and the API.

An app with a transition table ``{(state, action): new_state}`` declares, in its own
``<app>/actions.py``, one :class:`ActionSpec` per action and registers it on one
:class:`ActionRegistry` built from that table. Everything about an action lives in its spec:

- ``name`` (the action enum value) and ``label`` (Chinese, shown on buttons, headings, messages);
- ``permission``: ``(object, operation)`` of the permission matrix (``gongkai/orgs/matrix.py``);
  ``None`` for actions nobody may take by hand (review hooks, sweeps);
- the states it is allowed from and the state it leads to: *derived* from the transition table
  when the spec is registered (``allowed_from``, ``leads_to``), never written twice;
- ``inputs``: a dataclass naming the action's typed inputs. :meth:`ActionRegistry.parse` turns a
  mapping (a form's cleaned data, a JSON body) into an instance of it, with Chinese messages; the
  service takes that typed value, not a bag of keyword arguments. Describe each field with
  :func:`field` (label, required, max length, "not after today");
- ``form``: the Django form class of the page (its ``cleaned_data`` is parsed into ``inputs``);
- ``help``: an optional callable ``help(obj) -> str`` building the explanation shown with the
  form from rule records (a statutory period is a rule record's value, never a literal);
- ``danger`` / ``confirm``: a secondary (destructive) button and the question to confirm;
- ``title`` / ``submit_label``: the form's heading and button when they differ from ``label``;
  ``denied``: the message when the matrix refuses (:meth:`ActionRegistry.require`);
- ``offered``: whether the action is offered as a button at all (the system's own actions
  are not); ``when``: an optional ``when(obj) -> bool`` for what the object's history still
  allows beyond the table (e.g. 补正 only once); ``allows``: an optional ``allows(user, obj) ->
  bool`` for a rule about the person beyond the matrix (e.g. a sub-user submits only what they
  entered).

The registry answers :meth:`~ActionRegistry.get`, :meth:`~ActionRegistry.may` (the permission
matrix) and :meth:`~ActionRegistry.available` (the specs ``user`` may take on ``obj`` now). The
app's service stays the only place a transition is applied.

Example (``press/actions.py``)::

    @dataclass(frozen=True)
    class CancelInput:
        reason: str = field(label=_("取消理由"), max_length=300)

    registry = ActionRegistry(TRANSITIONS, agency_of=lambda c: c.agency_id)
    registry.register(ActionSpec(
        name=ConferenceAction.CANCEL, label=ConferenceAction.CANCEL.label,
        permission=("press.conference", "manage"), inputs=CancelInput, form=CancelForm, danger=True,
    ))
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from gongkai.core import clock
from gongkai.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongkai.orgs import permissions as org_permissions

_MISSING = dataclasses.MISSING


def field(
    *,
    label: str,
    required: bool = False,
    max_length: int | None = None,
    not_future: bool = False,
    default: Any = _MISSING,
    default_factory: Any = _MISSING,
) -> Any:
    """A field of an action's input dataclass with what :func:`parse_inputs` needs to check it
    and to word its messages (``label`` in Chinese). Optional fields default to an empty value of
    their type unless ``default``/``default_factory`` is given."""
    meta = {"label": label, "required": required, "max_length": max_length, "not_future": not_future}
    if default is not _MISSING:
        return dataclasses.field(default=default, metadata=meta)
    if default_factory is not _MISSING:
        return dataclasses.field(default_factory=default_factory, metadata=meta)
    return dataclasses.field(default=None, metadata=meta)


@dataclass(frozen=True)
class NoInput:
    """The inputs of an action that takes none."""


def _base_type(hint: Any) -> Any:
    """``str | None`` → ``str``; ``list[int]`` → ``list``; anything else as it is."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _base_type(args[0]) if len(args) == 1 else Any
    return origin or hint


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _coerce(kind: Any, value: Any, meta: Mapping[str, Any]) -> Any:
    label = meta.get("label", "")
    if kind is str:
        text = str(value).strip()
        limit = meta.get("max_length")
        return text[:limit] if limit else text
    if kind is dt.date:
        if isinstance(value, dt.datetime):
            value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
        if not isinstance(value, dt.date):
            try:
                value = dt.date.fromisoformat(str(value).strip())
            except ValueError:
                raise ValidationFailed(f"{label}格式应为 YYYY-MM-DD。", detail={"field": label}) from None
        if meta.get("not_future") and value > clock.today():
            raise ValidationFailed(f"{label}不能晚于今天。", detail={"field": label})
        return value
    if kind is bool:
        if isinstance(value, str):
            return value.strip().lower() in ("1", "on", "true", "yes")
        return bool(value)
    if kind is int:
        if isinstance(value, bool):
            raise ValidationFailed(f"{label}应为整数。")
        try:
            return int(str(value).strip()) if not isinstance(value, int) else value
        except ValueError:
            raise ValidationFailed(f"{label}应为整数。") from None
    if kind is Decimal:
        try:
            return Decimal(str(value).strip())
        except InvalidOperation:
            raise ValidationFailed(f"{label}应为数字。") from None
    return value  # lists, mappings, model instances, files: the action's step checks them


def parse_inputs(schema: type, data: Mapping[str, Any] | Any | None) -> Any:
    """Turn ``data`` (a mapping, e.g. a form's cleaned data or a JSON body) into an instance of
    the dataclass ``schema``. An instance of ``schema`` is returned as it is. Strings are stripped
    and cut to ``max_length``, dates and numbers parsed, required fields checked; an unknown key
    is refused. Raises ``ValidationFailed`` with a Chinese message."""
    if isinstance(data, schema):
        return data
    data = dict(data or {})
    fields = {f.name: f for f in dataclasses.fields(schema)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ValidationFailed("未知的输入项：" + "、".join(unknown) + "。", detail={"unknown": unknown})
    hints = typing.get_type_hints(schema)
    values: dict[str, Any] = {}
    for name, f in fields.items():
        meta = f.metadata
        kind = _base_type(hints.get(name, Any))
        value = data.get(name)
        if _empty(value):
            if meta.get("required"):
                raise ValidationFailed(f"请填写{meta.get('label', name)}。", detail={"field": name})
            continue  # the dataclass default ("" for text, see below)
        values[name] = _coerce(kind, value, meta)
    for name, f in fields.items():
        # A text field left out reads as "" (not None) unless it has a default of its own.
        if name not in values and _base_type(hints.get(name, Any)) is str and f.default in (None, _MISSING):
            values[name] = ""
    return schema(**values)


@dataclass(frozen=True)
class ActionSpec:
    """Everything about one workflow action (see the module docstring)."""

    name: str
    label: str
    permission: tuple[str, str] | None
    inputs: type = NoInput
    form: type | None = None
    help: Callable[[Any], str] | None = None
    title: str = ""
    submit_label: str = ""
    danger: bool = False
    confirm: str = ""
    denied: str = ""
    offered: bool = True
    when: Callable[[Any], bool] | None = None
    allows: Callable[[Any, Any], bool] | None = None
    # Derived from the transition table by ActionRegistry.register:
    allowed_from: frozenset[str] = frozenset()
    leads_to: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @property
    def heading(self) -> str:
        return self.title or self.label

    @property
    def button(self) -> str:
        return self.submit_label or "确定"

    @property
    def denied_message(self) -> str:
        return self.denied or f"您无权执行“{self.label}”。"

    def help_text(self, obj: Any) -> str:
        return self.help(obj) if self.help is not None else ""


def _is_signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


class ActionRegistry:
    """The specs of one workflow, bound to its transition table.

    ``state_of(obj)`` reads the object's state (default: ``obj.status``); ``agency_of(obj)`` the
    agency the permission matrix is checked at (default: ``obj.agency_id``), or a set of agency ids
    for an object of several agencies (the matrix must allow at one of them)."""

    def __init__(
        self,
        transitions: Mapping[tuple[str, str], str],
        *,
        state_of: Callable[[Any], str] = lambda obj: obj.status,
        agency_of: Callable[[Any], Any] = lambda obj: obj.agency_id,
    ):
        self.transitions = transitions
        self.state_of = state_of
        self.agency_of = agency_of
        self._specs: dict[str, ActionSpec] = {}

    def register(self, spec: ActionSpec) -> ActionSpec:
        """Add ``spec`` with its states taken from the table; an action the table never allows,
        or one registered twice, is a programming error."""
        name = str(spec.name)
        if name in self._specs:
            raise ValueError(f"action {name!r} registered twice")
        leads_to = {str(s): str(t) for (s, a), t in self.transitions.items() if a == name}
        if not leads_to:
            raise ValueError(f"action {name!r} is not in the transition table")
        bound = dataclasses.replace(spec, name=name, allowed_from=frozenset(leads_to), leads_to=leads_to)
        self._specs[name] = bound
        return bound

    def get(self, name: str) -> ActionSpec:
        try:
            return self._specs[str(name)]
        except KeyError:
            raise NotFound("未知的操作。", detail={"action": str(name)}) from None

    def __contains__(self, name: object) -> bool:
        return str(name) in self._specs

    def __iter__(self):
        return iter(self._specs.values())

    def names(self) -> list[str]:
        return list(self._specs)

    def missing(self, names: Iterable[str]) -> list[str]:
        """Of ``names`` (e.g. the action enum's values), those without a spec (a test checks none)."""
        return [str(n) for n in names if str(n) not in self._specs]

    def parse(self, name: str, data: Mapping[str, Any] | Any | None) -> Any:
        """The typed inputs of action ``name`` from ``data`` (see :func:`parse_inputs`)."""
        return parse_inputs(self.get(name).inputs, data)

    def may(self, user, spec: ActionSpec | str, obj: Any) -> bool:
        """Does the permission matrix let ``user`` take the action on ``obj`` (state aside)?"""
        spec = spec if isinstance(spec, ActionSpec) else self.get(spec)
        if spec.permission is None or not _is_signed_in(user):
            return False
        kind, operation = spec.permission
        where = self.agency_of(obj)
        if isinstance(where, set | frozenset | list | tuple):
            # An object of several agencies (e.g. an opinion event): the matrix allows at any of them.
            allowed = org_permissions.allowed_agency_ids(user, kind, operation)
            if allowed is not None and not (allowed & set(where)):
                return False
        elif not org_permissions.allows(user, kind, operation, where):
            return False
        return spec.allows is None or bool(spec.allows(user, obj))

    def require(self, user, spec: ActionSpec | str, obj: Any) -> None:
        """Raise ``PermissionDenied`` (the spec's ``denied`` message) unless :meth:`may`."""
        spec = spec if isinstance(spec, ActionSpec) else self.get(spec)
        if not self.may(user, spec, obj):
            raise PermissionDenied(spec.denied_message)

    def available(self, obj: Any, user) -> list[ActionSpec]:
        """The offered specs ``user`` may take on ``obj`` now: allowed from its state by the
        table, still allowed by its history (``when``) and by the permission matrix."""
        state = str(self.state_of(obj))
        return [
            spec
            for spec in self._specs.values()
            if spec.offered
            and state in spec.allowed_from
            and self.may(user, spec, obj)
            and (spec.when is None or spec.when(obj))
        ]
