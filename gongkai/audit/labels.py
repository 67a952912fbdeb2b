"""Chinese names of audit event codes: the one registry, owned by ``audit``.

Event codes (``foi.registered``, ``catalog.item.submit``) are for machines; people read the
labels. Each app declares ONE enum of its codes in ``<app>/events.py`` (a ``TextChoices``:
value = the code, label = the Chinese name; Zulip's ``AuditLogEventType`` is the model) and
registers it from its ``AppConfig.ready`` with ``register_events``. ``event_label`` tries, in
order:

1. the registered enums;
2. ``EVENT_LABELS`` / ``EVENT_FAMILIES``: codes not yet moved to their app's enum (none now);
   a family is built from an app's action enum (``f"foi.{action}"``), named by its dotted
   path and imported only when a label is asked for, so ``audit`` (the bottom layer)
   imports no app at module level;
3. a readable fallback from the code's first segment (``"依申请公开：其他操作"``) — never
   the raw dotted code.

A test (``tests/audit/test_labels.py``) checks that every code the code base writes has
an explicit label, so the fallback is a safety net, not the normal path.
"""

from __future__ import annotations

from functools import cache

from django.utils.module_loading import import_string
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Codes not yet moved to their app's enum (none left: every app registers its own).
EVENT_LABELS: dict[str, str] = {}

# prefix -> (subject shown before the action, dotted path of the TextChoices enum of the actions).
EVENT_FAMILIES: dict[str, tuple[str, str]] = {}

# First segment of a code -> the area, for the fallback.
AREA_LABELS: dict[str, str] = {}


# Codes registered by their owning app (``register_events``): code -> label; and the enums.
_REGISTERED: dict[str, str] = {}
# Codes whose ``old``/``new`` data describe another model than the target: code -> "app_label.model".
_DATA_MODELS: dict[str, str] = {}
_ENUMS: list = []


def action_label(subject, action):
    """The label of an event code built from an action (``"政府信息：提交审查"``), lazily."""
    return format_lazy("{}：{}", subject, action.label)


def register_events(
    enum,
    *,
    area: str | None = None,
    area_label: str | None = None,
    areas: dict[str, str] | None = None,
    data_model: str | None = None,
) -> None:
    """Register an app's audit event enum (the app's ``events.py``, from ``AppConfig.ready``).

    ``enum`` is a ``models.TextChoices`` whose values are the full event codes
    (``"press.conference.planned"``) and whose labels are the Chinese names shown on the audit
    page (Zulip's ``AuditLogEventType`` is the model: one enum per app, no string literals at
    the call sites: ``audit.services.record(PressEvent.CONFERENCE_PLANNED, ...)``).
    ``area``/``area_label`` name the app's first code segment for the fallback label
    (``areas``: several, for an app whose codes start with more than one). A code
    registered twice with a different label is refused. ``data_model`` (``"app_label.model"``)
    names the model whose fields the events' ``old``/``new`` data describe when that is not the
    event's target (a review's status and step, logged on the reviewed object), so that the audit
    page shows those fields' Chinese names and choice labels.
    """
    from django.core.exceptions import ImproperlyConfigured

    for code, label in enum.choices:
        known = _REGISTERED.get(code)
        if known is not None and str(known) != str(label):
            raise ImproperlyConfigured(f"audit event {code!r} is registered twice with different labels")
        _REGISTERED[code] = label
        if data_model:
            _DATA_MODELS[code] = data_model
    if enum not in _ENUMS:
        _ENUMS.append(enum)
    if area and area_label:
        AREA_LABELS.setdefault(area, area_label)
    for name, label in (areas or {}).items():
        AREA_LABELS.setdefault(name, label)


def data_model_for(code: str) -> str | None:
    """The model the data of ``code`` describes, if it is not the event's target (see register_events)."""
    return _DATA_MODELS.get(code)


def registered_codes() -> frozenset[str]:
    return frozenset(_REGISTERED)


def registered_enums() -> tuple:
    """The apps' event enums, in registration order (for the checks in tests/audit)."""
    return tuple(_ENUMS)


@cache
def _family_choices(path: str) -> dict[str, str]:
    try:
        enum = import_string(path)
    except ImportError:
        return {}
    return dict(enum.choices)


def family_label(code: str) -> str | None:
    """The label of a code built from an action enum, or None."""
    for prefix, (subject, path) in EVENT_FAMILIES.items():
        if code.startswith(prefix):
            action = code[len(prefix) :]
            label = _family_choices(path).get(action)
            if label is not None:
                return f"{subject}：{label}"
    return None


def event_label(code: str) -> str:
    """Chinese name of an event code; never the raw code."""
    if not code:
        return _("未命名事件")
    fixed = _REGISTERED.get(code)
    if fixed is None:
        fixed = EVENT_LABELS.get(code)
    if fixed is not None:
        return str(fixed)
    family = family_label(code)
    if family is not None:
        return family
    area = AREA_LABELS.get(code.split(".", 1)[0])
    return _("%(area)s：其他操作") % {"area": area} if area else _("其他操作")


def has_explicit_label(code: str) -> bool:
    return code in _REGISTERED or code in EVENT_LABELS or family_label(code) is not None


# Common keys of ``data`` that are not fields of the target model.
DATA_KEY_LABELS: dict[str, str] = {
    "ok": gettext_lazy("结果完好"),
    "checked": gettext_lazy("已校验条数"),
    "broken_seq": gettext_lazy("断裂序号"),
    "reason": gettext_lazy("原因"),
    "note": gettext_lazy("备注"),
    "detail": gettext_lazy("详情"),
    "extension": gettext_lazy("延长"),
    "event": gettext_lazy("舆情事件"),
    "count": gettext_lazy("条数"),
    "head_seq": gettext_lazy("链头序号"),
    "head_hash": gettext_lazy("链头哈希"),
    "decisions": gettext_lazy("答复意见"),
    "comment": gettext_lazy("意见"),
    "step": gettext_lazy("步骤"),
    "decision": gettext_lazy("决定"),
    "role": gettext_lazy("角色"),
    "agency": gettext_lazy("机构"),
    "regions": gettext_lazy("行政区划"),
    "agencies": gettext_lazy("机构"),
    "sections": gettext_lazy("科室"),
    "users": gettext_lazy("人员"),
    "roles": gettext_lazy("角色"),
    "data": gettext_lazy("内容"),
    "attribute_label": gettext_lazy("公开属性"),
    "time_limit_label": gettext_lazy("公开时限"),
    "category_code": gettext_lazy("信息分类代码"),
    "five_disclosure_label": gettext_lazy("五公开"),
    "checks_ok": gettext_lazy("校验通过"),
    "visited_on": gettext_lazy("回访日期"),
    "method": gettext_lazy("方式"),
    "result": gettext_lazy("结果"),
}


def data_key_label(key: str) -> str:
    label = DATA_KEY_LABELS.get(key)
    return str(label) if label is not None else key
