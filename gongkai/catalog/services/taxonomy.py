"""Categories (信息分类, SPEC R2.1) and topics (专题, R2.8), maintained by system administrators."""

from __future__ import annotations

import re

from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.catalog.events import CatalogEvent
from gongkai.core.errors import NotFound, PermissionDenied, ValidationFailed

from ..models import Category, Topic

# (Added for the staff pages of issue 3; same conventions: permission inside, one transaction, audit.)

_CATEGORY_CODE = re.compile(r"^[0-9A-Za-z]{1,10}$")


# Who maintains categories and topics, and what the others are told (the services and the staff pages).
CATEGORY_ADMIN_ONLY = "只有系统管理员可以维护信息分类。"
TOPIC_ADMIN_ONLY = "只有系统管理员可以维护专题。"
CATEGORY_ORDER = ("order", "code")  # the display order of categories (staff list, moves)
TOPIC_ORDER = ("-is_active", "name")  # the staff list of topics: active first


def can_maintain_taxonomy(actor) -> bool:
    from gongkai.orgs import permissions as org_perms

    return org_perms.is_system_admin(actor)


def _require_sysadmin(actor, message: str) -> None:
    if not can_maintain_taxonomy(actor):
        raise PermissionDenied(message)


def categories_in_order() -> list[Category]:
    return list(Category.objects.order_by(*CATEGORY_ORDER))


def category_or_none(pk) -> Category | None:
    return Category.objects.filter(pk=pk).first()


def topics_for_staff():
    return Topic.objects.order_by(*TOPIC_ORDER)


def topic_or_none(pk) -> Topic | None:
    return Topic.objects.filter(pk=pk).first()


def _category_name_errors(name: str, description: str, errors: dict[str, str], *, exclude_pk=None) -> None:
    """The name (required, at most 50, unique) and description (at most 300) of a category."""
    same_name = Category.objects.filter(name=name)
    if exclude_pk is not None:
        same_name = same_name.exclude(pk=exclude_pk)
    if not name:
        errors["name"] = "请填写分类名称。"
    elif len(name) > 50:
        errors["name"] = "分类名称不能超过 50 个字。"
    elif same_name.exists():
        errors["name"] = f"已有名为“{name}”的分类。"
    if len(description) > 300:
        errors["description"] = "说明不能超过 300 个字。"


def category_create(*, actor, code: str, name: str, description: str = "") -> Category:
    """SPEC R2.1: the nine categories are a configurable default; system administrators add more."""
    _require_sysadmin(actor, CATEGORY_ADMIN_ONLY)
    code, name, description = (code or "").strip(), (name or "").strip(), (description or "").strip()
    errors: dict[str, str] = {}
    if not _CATEGORY_CODE.match(code):
        errors["code"] = "分类代码须为 1–10 位数字或字母。"
    elif Category.objects.filter(code=code).exists():
        errors["code"] = f"分类代码“{code}”已被使用。"
    _category_name_errors(name, description, errors)
    if errors:
        raise ValidationFailed("；".join(errors.values()), detail=errors)
    with transaction.atomic():
        last = Category.objects.select_for_update().order_by("-order").values_list("order", flat=True).first()
        category = Category.objects.create(code=code, name=name, description=description, order=(last or 0) + 1)
        audit_log(
            actor=actor,
            event=CatalogEvent.CATEGORY_CREATED,
            target=category,
            data={"new": {"code": code, "name": name, "description": description, "order": category.order}},
        )
    return category


def category_update(*, actor, category: Category, name: str, description: str = "") -> Category:
    """Rename a category or change its description (its code, used in index numbers, stays)."""
    _require_sysadmin(actor, CATEGORY_ADMIN_ONLY)
    name, description = (name or "").strip(), (description or "").strip()
    errors: dict[str, str] = {}
    _category_name_errors(name, description, errors, exclude_pk=category.pk)
    if errors:
        raise ValidationFailed("；".join(errors.values()), detail=errors)
    with transaction.atomic():
        locked = Category.objects.select_for_update().get(pk=category.pk)
        old = {"name": locked.name, "description": locked.description}
        locked.name, locked.description = name, description
        locked.save(update_fields=["name", "description"])
        audit_log(
            actor=actor,
            event=CatalogEvent.CATEGORY_UPDATED,
            target=locked,
            data={"old": old, "new": {"name": name, "description": description}},
        )
    return locked


def category_set_active(*, actor, category: Category, active: bool) -> Category:
    """Deactivate (no new items may use it; existing items keep it) or reactivate a category."""
    _require_sysadmin(actor, CATEGORY_ADMIN_ONLY)
    with transaction.atomic():
        locked = Category.objects.select_for_update().get(pk=category.pk)
        if locked.is_active == active:
            return locked
        if not active and Category.objects.filter(is_active=True).exclude(pk=locked.pk).count() == 0:
            raise ValidationFailed("至少须保留一个启用的信息分类。")
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        audit_log(
            actor=actor,
            event=CatalogEvent.CATEGORY_ACTIVATED if active else CatalogEvent.CATEGORY_DEACTIVATED,
            target=locked,
            data={"old": {"is_active": not active}, "new": {"is_active": active}},
        )
    return locked


def category_move(*, actor, category: Category, direction: str) -> Category:
    """Move a category one place up or down in the display order (orders renumbered 1..n)."""
    _require_sysadmin(actor, CATEGORY_ADMIN_ONLY)
    if direction not in ("up", "down"):
        raise ValidationFailed("移动方向无效。")
    with transaction.atomic():
        rows = list(Category.objects.select_for_update().order_by(*CATEGORY_ORDER))
        position = next((i for i, c in enumerate(rows) if c.pk == category.pk), None)
        if position is None:
            raise NotFound("未找到该分类。")
        other = position - 1 if direction == "up" else position + 1
        if not 0 <= other < len(rows):
            return rows[position]
        old = [c.code for c in rows]
        rows[position], rows[other] = rows[other], rows[position]
        for number, row in enumerate(rows, start=1):
            if row.order != number:
                row.order = number
                row.save(update_fields=["order"])
        audit_log(
            actor=actor,
            event=CatalogEvent.CATEGORY_REORDERED,
            target=category,
            data={"old": {"order": old}, "new": {"order": [c.code for c in rows]}},
        )
    return next(c for c in rows if c.pk == category.pk)


def _topic_errors(name: str, description: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "请填写专题名称。"
    elif len(name) > 100:
        errors["name"] = "专题名称不能超过 100 个字。"
    if len(description) > 2000:
        errors["description"] = "简介不能超过 2000 个字。"
    return errors


def topic_create(*, actor, slug: str, name: str, description: str = "") -> Topic:
    """SPEC R2.8: topic pages (专题) grouping items across agencies."""
    _require_sysadmin(actor, TOPIC_ADMIN_ONLY)
    slug, name, description = (slug or "").strip(), (name or "").strip(), (description or "").strip()
    errors = _topic_errors(name, description)
    if not re.fullmatch(r"[-a-zA-Z0-9_]{1,60}", slug):
        errors["slug"] = "标识只能包含字母、数字、连字符和下划线（最多 60 个字符）。"
    elif Topic.objects.filter(slug=slug).exists():
        errors["slug"] = f"标识“{slug}”已被使用。"
    if errors:
        raise ValidationFailed("；".join(errors.values()), detail=errors)
    with transaction.atomic():
        topic = Topic.objects.create(slug=slug, name=name, description=description)
        audit_log(
            actor=actor,
            event=CatalogEvent.TOPIC_CREATED,
            target=topic,
            data={"new": {"slug": slug, "name": name, "description": description}},
        )
    return topic


def topic_update(*, actor, topic: Topic, name: str, description: str = "") -> Topic:
    _require_sysadmin(actor, TOPIC_ADMIN_ONLY)
    name, description = (name or "").strip(), (description or "").strip()
    errors = _topic_errors(name, description)
    if errors:
        raise ValidationFailed("；".join(errors.values()), detail=errors)
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        old = {"name": locked.name, "description": locked.description}
        locked.name, locked.description = name, description
        locked.save(update_fields=["name", "description"])
        audit_log(
            actor=actor,
            event=CatalogEvent.TOPIC_UPDATED,
            target=locked,
            data={"old": old, "new": {"name": name, "description": description}},
        )
    return locked


def topic_set_active(*, actor, topic: Topic, active: bool) -> Topic:
    _require_sysadmin(actor, TOPIC_ADMIN_ONLY)
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if locked.is_active != active:
            locked.is_active = active
            locked.save(update_fields=["is_active"])
            audit_log(
                actor=actor,
                event=CatalogEvent.TOPIC_ACTIVATED if active else CatalogEvent.TOPIC_DEACTIVATED,
                target=locked,
                data={"old": {"is_active": not active}, "new": {"is_active": active}},
            )
    return locked
