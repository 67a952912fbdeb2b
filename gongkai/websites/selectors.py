"""Reads of the register, posts, findings and inspections (edges call only these and ``services``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from gongkai.core.errors import NotFound

from . import permissions
from .enums import ChangeState, FindingState, Status
from .models import Account, AccountChange, Finding, Inspection, Post


def _scoped(qs: QuerySet, user, obj: str, op: str, field: str = "agency_id") -> QuerySet:
    scope = permissions.agency_ids(user, obj, op)
    if scope is None:
        return qs
    return qs.filter(**{f"{field}__in": scope})


def account_list_visible_to(user, *, agency_id: int | None = None, status: str = "", platform: str = "") -> QuerySet:
    qs = _scoped(Account.objects.select_related("agency"), user, "websites.account", "view")
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if status:
        qs = qs.filter(status=status)
    if platform:
        qs = qs.filter(platform=platform)
    return qs.annotate(
        last_post=Max("posts__published_at"),
        open_findings=Count("findings", filter=Q(findings__state=FindingState.OPEN), distinct=True),
    ).order_by("agency__name", "platform", "name")


def account_get_visible_to(user, pk: int) -> Account:
    account = Account.objects.select_related("agency", "merged_into").filter(pk=pk).first()
    if account is None or not permissions.can_view_account(user, account):
        raise NotFound(_("未找到该网站或账号。"))
    return account


def account_get(pk: int) -> Account | None:
    return Account.objects.select_related("agency").filter(pk=pk).first()


def public_directory(*, q: str = "", platform: str = "") -> QuerySet:
    """The official accounts a citizen may check (open, suspended, and closed/merged ones kept on record)."""
    qs = Account.objects.select_related("agency", "merged_into").exclude(status=Status.PENDING)
    if platform:
        qs = qs.filter(platform=platform)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(identifier__icontains=q) | Q(agency__name__icontains=q))
    return qs.order_by("status", "agency__name", "platform", "name")


def changes_for(account: Account) -> QuerySet:
    return AccountChange.objects.filter(account=account).select_related("merge_target", "requested_by")


def pending_change(account: Account) -> AccountChange | None:
    return AccountChange.objects.filter(account=account, state=ChangeState.PENDING).first()


def posts_for(account: Account, *, day: dt.date | None = None) -> QuerySet:
    qs = Post.objects.filter(account=account)
    if day:
        qs = qs.filter(published_on=day)
    return qs


def post_get_visible_to(user, pk: int) -> Post:
    post = Post.objects.select_related("account__agency").filter(pk=pk).first()
    if post is None or not permissions.can_view_account(user, post.account):
        raise NotFound(_("未找到该条内容。"))
    return post


def last_post_day(account: Account) -> dt.date | None:
    return Post.objects.filter(account=account).aggregate(d=Max("published_on"))["d"]


def findings_for(account: Account) -> QuerySet:
    return Finding.objects.filter(account=account).select_related("deadline")


def finding_list_visible_to(user, *, agency_id: int | None = None, state: str = "", kind: str = "") -> QuerySet:
    qs = _scoped(
        Finding.objects.select_related("account__agency", "deadline"),
        user,
        "websites.inspection",
        "view",
        "account__agency_id",
    )
    if agency_id:
        qs = qs.filter(account__agency_id=agency_id)
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def finding_get_visible_to(user, pk: int) -> Finding:
    finding = Finding.objects.select_related("account__agency", "deadline", "post").filter(pk=pk).first()
    if finding is None or not permissions.may(user, "websites.inspection", "view", finding.account.agency_id):
        raise NotFound(_("未找到该问题。"))
    return finding


def inspection_for(agency_id: int, month: dt.date) -> Inspection | None:
    return Inspection.objects.filter(agency_id=agency_id, month=month).first()


def accounts_of_agency(agency_id: int) -> QuerySet:
    return Account.objects.filter(agency_id=agency_id).exclude(status=Status.PENDING)


def findings_in(agency_id: int, start: dt.date, end: dt.date) -> QuerySet:
    return Finding.objects.filter(account__agency_id=agency_id, day__gte=start, day__lte=end)


def posts_in(account: Account, start: dt.date, end: dt.date) -> QuerySet:
    return Post.objects.filter(account=account, published_on__gte=start, published_on__lte=end)


def inspection_agencies_visible_to(user) -> list:
    from gongkai.orgs.models import Agency

    ids = Account.objects.values_list("agency_id", flat=True).distinct()
    qs = Agency.objects.filter(pk__in=ids)
    scope = permissions.agency_ids(user, "websites.inspection", "view")
    if scope is not None:
        qs = qs.filter(pk__in=scope)
    return list(qs.order_by("name"))


def agencies_for(user, obj: str, op: str) -> list:
    """The units where ``user`` may do ``op`` on ``obj`` (for the forms' unit choices)."""
    from gongkai.orgs.models import Agency

    qs = Agency.objects.filter(is_active=True)
    scope = permissions.agency_ids(user, obj, op)
    if scope is not None:
        qs = qs.filter(pk__in=scope)
    return list(qs.order_by("name"))


def merge_targets(account: Account) -> QuerySet:
    return Account.objects.filter(status=Status.OPEN).exclude(pk=account.pk).select_related("agency")
