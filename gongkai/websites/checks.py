"""The checks of the dated rules: the update gap (单项否决), the daily share of government
information (≥ the ``newmedia.min_gov_info_share`` record) and forbidden / wrongly written content.

Every number comes from a rule record in force on the day checked, for the operating unit's region;
each finding cites its record. Checks are idempotent: a finding is identified by (account, kind, key).

The share has no national default (the 60 % of seed 003 is Beijing's local profile, issue 9): where no
record applies, the day is not checked and the pages say that the jurisdiction has not set the rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.rules.registry import get_rule_spec
from gongkai.rules.selectors import rule_period_end, rule_value_or_none

from .enums import FindingKind, FindingState, Status
from .events import WebsitesEvent
from .models import Account, Finding, Post
from .rules import FORBIDDEN_KEY, SHARE_KEY, UPDATE_GAP_KEY, WRONG_NAMES_KEY


@dataclass(frozen=True)
class GapResult:
    last_day: dt.date | None
    due: dt.date | None  # the last day on which the next update is still in time
    days_without: int | None
    violated: bool
    citation: str


@dataclass(frozen=True)
class ShareResult:
    day: dt.date
    total: int
    gov: int
    share: float | None  # percent
    minimum: float | None
    below: bool
    citation: str

    @property
    def rule_unset(self) -> bool:
        """No share record applies to the account's region on the day: the day is not checked."""
        return self.minimum is None


def share_rule_unset_message() -> str:
    return _("本地未设定“%(rule)s”规则") % {"rule": get_rule_spec(SHARE_KEY).label}


def _region(account: Account):
    return account.agency.region


def update_gap(account: Account, on_date: dt.date) -> GapResult:
    """Days since the last update, against the update-gap rule (calendar days, the last update's day
    not counted: last update on 25 Sep with a 14-day rule is in time up to 9 Oct, holidays or not)."""
    last = (
        Post.objects.filter(account=account, published_on__lte=on_date)
        .order_by("-published_on")
        .values_list("published_on", flat=True)
        .first()
    )
    basis = last or account.opened_on
    if basis is None:
        return GapResult(None, None, None, False, "")
    period = rule_period_end(UPDATE_GAP_KEY, _region(account), basis)
    if period is None:
        return GapResult(last, None, (on_date - basis).days, False, "")
    return GapResult(last, period.due_date, (on_date - basis).days, on_date > period.due_date, period.rule.citation)


def share_on(account: Account, day: dt.date) -> ShareResult:
    posts = list(Post.objects.filter(account=account, published_on=day))
    total = len(posts)
    gov = sum(1 for p in posts if p.is_gov_info)
    rv = rule_value_or_none(SHARE_KEY, _region(account), day)
    minimum = float(rv.value) if rv is not None else None
    share = round(100.0 * gov / total, 1) if total else None
    below = share is not None and minimum is not None and share < minimum
    return ShareResult(day, total, gov, share, minimum, below, rv.citation if rv else "")


def check_update_gap(account: Account, on_date: dt.date) -> Finding | None:
    from .services import finding_open

    if account.status not in (Status.OPEN,):
        return None
    result = update_gap(account, on_date)
    if not result.violated:
        return None
    basis = result.last_day or account.opened_on
    finding, _created = finding_open(
        account=account,
        kind=FindingKind.UPDATE_GAP,
        key=f"since:{basis.isoformat()}",
        day=result.due + dt.timedelta(days=1),
        message=(
            _("自 %(day)s 起未更新，已 %(n)s 天（规定期限至 %(due)s）。")
            % {"day": basis.isoformat(), "n": result.days_without, "due": result.due.isoformat()}
            if result.last_day
            else _("自开设（%(day)s）起未发布内容，已 %(n)s 天。")
            % {"day": basis.isoformat(), "n": result.days_without}
        ),
        detail={"last_day": basis.isoformat(), "due": result.due.isoformat(), "days": result.days_without},
        veto=True,
        citation=result.citation,
    )
    return finding


def check_share_day(account: Account, day: dt.date) -> Finding | None:
    """Open (or lapse, after corrections) the finding of one day's share."""
    from .services import finding_lapse, finding_open

    result = share_on(account, day)
    key = f"day:{day.isoformat()}"
    existing = Finding.objects.filter(account=account, kind=FindingKind.LOW_SHARE, key=key).first()
    if not result.below:
        if existing is not None and existing.state == FindingState.OPEN:
            finding_lapse(finding=existing, reason=_("经人工更正，当日政府信息占比已达标。"))
        return None
    if existing is not None:
        if existing.state == FindingState.DISMISSED and existing.rectified_by_id is None:
            # Lapsed by a correction and below again after another one: open once more.
            existing.state = FindingState.OPEN
            existing.rectification = ""
            existing.rectified_at = None
            existing.save(update_fields=["state", "rectification", "rectified_at"])
        return existing
    finding, _created = finding_open(
        account=account,
        kind=FindingKind.LOW_SHARE,
        key=key,
        day=day,
        message=(
            _("%(day)s 发布 %(total)s 条，其中政府信息 %(gov)s 条，占 %(share)s%%，低于 %(min)s%%。")
            % {
                "day": day.isoformat(),
                "total": result.total,
                "gov": result.gov,
                "share": f"{result.share:g}",
                "min": f"{result.minimum:g}",
            }
        ),
        detail={"total": result.total, "gov": result.gov, "share": result.share, "minimum": result.minimum},
        citation=result.citation,
    )
    return finding


def _terms(key: str, account: Account, day: dt.date):
    rv = rule_value_or_none(key, _region(account), day)
    return (rv.value if rv else {}), (rv.citation if rv else "")


def content_problems(text: str, *, forbidden: list[str], pairs: list[dict]) -> list[dict]:
    """Forbidden terms and wrongly written names found in ``text``."""
    out: list[dict] = []
    for term in forbidden:
        if term and term in text:
            out.append({"kind": FindingKind.FORBIDDEN, "term": term})
    for pair in pairs:
        wrong = pair.get("wrong", "")
        if wrong and wrong in text and not (pair.get("right") and wrong in pair["right"] and pair["right"] in text):
            out.append({"kind": FindingKind.WRONG_NAME, "term": wrong, "right": pair.get("right", "")})
    return out


def check_content(account: Account, posts: list[Post]) -> int:
    from .services import finding_open

    opened = 0
    for post in posts:
        forbidden, f_cite = _terms(FORBIDDEN_KEY, account, post.published_on)
        wrong, w_cite = _terms(WRONG_NAMES_KEY, account, post.published_on)
        text = f"{post.title}\n{post.text}"
        for problem in content_problems(text, forbidden=forbidden.get("terms", []), pairs=wrong.get("pairs", [])):
            is_wrong = problem["kind"] == FindingKind.WRONG_NAME
            message = (
                _("“%(post)s”中“%(term)s”应为“%(right)s”。")
                % {"post": post.title or post.text[:30], "term": problem["term"], "right": problem["right"]}
                if is_wrong
                else _("“%(post)s”含有违规词“%(term)s”。")
                % {"post": post.title or post.text[:30], "term": problem["term"]}
            )
            _finding, created = finding_open(
                account=account,
                kind=problem["kind"],
                key=f"post:{post.pk}:{problem['term']}",
                day=post.published_on,
                message=message,
                detail=problem,
                veto=True,
                citation=w_cite if is_wrong else f_cite,
                post=post,
            )
            opened += int(created)
    return opened


def run_checks(*, actor, account: Account, start: dt.date, end: dt.date) -> dict[str, int]:
    """Run the update and share checks of ``account`` for the days ``start``…``end``."""
    from . import permissions

    if actor is not None:
        permissions.require(actor, "websites.content", "manage", account.agency_id, _("您没有运行该账号检查的权限。"))
    if end < start:
        start, end = end, start
    end = min(end, clock.today())
    # share_unset: days with posts on which no share record applies (not checked).
    found = {"update_gap": 0, "low_share": 0, "share_unset": 0}
    days = (
        Post.objects.filter(account=account, published_on__gte=start, published_on__lte=end)
        .values_list("published_on", flat=True)
        .distinct()
    )
    for day in sorted(set(days)):
        if rule_value_or_none(SHARE_KEY, _region(account), day) is None:
            found["share_unset"] += 1
        if check_share_day(account, day) is not None:
            found["low_share"] += 1
    if check_update_gap(account, end) is not None:
        found["update_gap"] += 1
    audit_log(
        actor=actor,
        event=WebsitesEvent.CHECKS_RUN,
        target=account,
        data={"from": start.isoformat(), "to": end.isoformat(), **found},
    )
    return found


def run_all(*, on_date: dt.date | None = None, fetch=None) -> int:
    """The daily sweep: read the feeds of the open accounts that have one, then check yesterday's
    share and the update gap of every open account."""
    import logging

    from gongkai.core.errors import DomainError

    from .services import posts_poll_feed

    day = on_date or clock.today()
    n = 0
    for account in Account.objects.filter(status=Status.OPEN).select_related("agency__region"):
        if account.feed_url:
            try:
                posts_poll_feed(actor=None, account=account, fetch=fetch)
            except (DomainError, OSError) as exc:  # an unreachable feed does not stop the sweep
                logging.getLogger("gongkai.websites").warning("feed of account %s: %s", account.pk, exc)
        run_checks(actor=None, account=account, start=day - dt.timedelta(days=1), end=day)
        n += 1
    return n
