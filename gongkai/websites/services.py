"""Every write of the websites and new-media app, in a transaction, with its audit event.

- Register: ``account_register``, ``account_update``, ``account_suspend``/``account_resume``; opening,
  closing and merging are requested with ``change_request`` and decided on the review engine
  (``reviews.py`` calls ``change_decided``), which applies ``transitions.ACCOUNT_TRANSITIONS``.
- Content: ``posts_ingest`` (the JSON API, file import and feeds all end here, after the opinion
  module's record check), idempotent per (account, external id); ``post_correct`` records a person's
  decision on "government information?".
- Checks: ``checks.run_checks`` (update gap, daily share, content terms) and ``crawler`` (broken links)
  open findings through ``finding_open``; ``finding_transition`` records the rectification.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.opinion import interface as opinion
from gongkai.orgs.models import Agency
from gongkai.rules import services as rule_services
from gongkai.workflow import services as workflow_services

from . import classifier, permissions
from .actions import ACCOUNT_ACTIONS, FINDING_ACTIONS
from .enums import Action, ChangeKind, ChangeReason, ChangeState, Platform, PostSource, Status
from .events import WebsitesEvent
from .models import Account, AccountChange, Finding, Inspection, Post
from .rules import RECTIFICATION_KEY
from .transitions import ACCOUNT_TRANSITIONS, FINDING_TRANSITIONS

ACCOUNT_FIELDS = (
    "platform",
    "name",
    "identifier",
    "feed_url",
    "person_responsible",
    "contact",
    "filing_number",
    "filed_on",
)
MAX_BATCH = 5000


def _clean_account_data(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ACCOUNT_FIELDS:
        value = data.get(key)
        if isinstance(value, str):
            value = value.strip()
        out[key] = value if value not in (None, "") else ("" if key != "filed_on" else None)
    if out["platform"] not in Platform.values:
        raise ValidationFailed(_("请选择平台。"))
    for key, label in (("name", _("名称")), ("identifier", _("账号或网址")), ("person_responsible", _("负责人"))):
        if not out[key]:
            raise ValidationFailed(_("请填写%(label)s。") % {"label": label})
    if out["platform"] == Platform.WEBSITE and not str(out["identifier"]).startswith(("http://", "https://")):
        raise ValidationFailed(_("政府网站的网址应以 http:// 或 https:// 开头。"))
    if out["feed_url"] and not str(out["feed_url"]).startswith(("http://", "https://")):
        raise ValidationFailed(_("订阅地址应以 http:// 或 https:// 开头。"))
    if isinstance(out["filed_on"], str):
        try:
            out["filed_on"] = dt.date.fromisoformat(out["filed_on"])
        except ValueError:
            raise ValidationFailed(_("备案日期格式应为 YYYY-MM-DD。")) from None
    if out["filed_on"] and out["filed_on"] > clock.today():
        raise ValidationFailed(_("备案日期不能晚于今天。"))
    if out["filed_on"] and not out["filing_number"]:
        raise ValidationFailed(_("填写了备案日期的，请同时填写网信办备案号。"))
    return out


def account_register(
    *, actor, agency: Agency | int, data: dict[str, Any], existing: bool = False, opened_on: dt.date | None = None
) -> Account:
    """Register an account. A new one starts ``pending`` (open it with ``change_request(OPEN)``);
    ``existing=True`` records one already running (the first inventory), as ``open``."""
    agency_id = agency.pk if isinstance(agency, Agency) else int(agency)
    permissions.require(actor, "websites.account", "create", agency_id, _("您没有为该单位登记网站或新媒体账号的权限。"))
    clean = _clean_account_data(data)
    with transaction.atomic():
        if Account.objects.filter(platform=clean["platform"], identifier=clean["identifier"]).exists():
            raise ValidationFailed(_("该平台上的这个账号或网址已经登记过了。"))
        account = Account.objects.create(
            agency_id=agency_id,
            status=Status.OPEN if existing else Status.PENDING,
            opened_on=(opened_on or clock.today()) if existing else None,
            **clean,
        )
        audit_log(
            actor=actor,
            event=WebsitesEvent.ACCOUNT_REGISTERED,
            target=account,
            agency_id=agency_id,
            data={"new": {**clean, "filed_on": str(clean["filed_on"] or ""), "status": account.status}},
        )
    return account


def account_update(*, actor, account: Account, data: dict[str, Any]) -> Account:
    permissions.require(actor, "websites.account", "create", account.agency_id, _("您没有修改该账号登记信息的权限。"))
    clean = _clean_account_data(data)
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account.pk)
        if account.status in (Status.CLOSED, Status.MERGED):
            raise ValidationFailed(_("已关停或整合的账号不能再修改，登记信息留档备查。"))
        if (
            Account.objects.filter(platform=clean["platform"], identifier=clean["identifier"])
            .exclude(pk=account.pk)
            .exists()
        ):
            raise ValidationFailed(_("该平台上的这个账号或网址已经登记过了。"))
        old = {k: str(getattr(account, k) or "") for k in ACCOUNT_FIELDS}
        for key, value in clean.items():
            setattr(account, key, value)
        account.save()
        audit_log(
            actor=actor,
            event=WebsitesEvent.ACCOUNT_EDITED,
            target=account,
            data={"old": old, "new": {k: str(v or "") for k, v in clean.items()}},
        )
    return account


def account_transition(
    *, actor, account: Account | int, action: str, system: bool = False, comment: str = ""
) -> Account:
    """Apply ``action`` by the transition table (the only place an account's status changes)."""
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account if isinstance(account, int) else account.pk)
        if not system:
            ACCOUNT_ACTIONS.require(actor, action, account)
            comment = ACCOUNT_ACTIONS.parse(action, {"comment": comment}).comment or ""
        new = ACCOUNT_TRANSITIONS.get((account.status, action))
        if new is None:
            raise InvalidTransition(
                _("账号当前为“%(status)s”，不能执行“%(action)s”。")
                % {"status": Status(account.status).label, "action": Action(action).label}
            )
        old = account.status
        account.status = new
        today = clock.today()
        if new == Status.OPEN and not account.opened_on:
            account.opened_on = today
        if new in (Status.CLOSED, Status.MERGED):
            account.closed_on = today
        account.save()
        audit_log(
            actor=actor,
            event=WebsitesEvent.ACCOUNT_TRANSITION,
            target=account,
            data={"old": {"status": old}, "new": {"status": new}, "action": action, "comment": comment},
        )
    return account


def account_suspend(*, actor, account: Account, comment: str = "") -> Account:
    return account_transition(actor=actor, account=account, action=Action.SUSPEND, comment=comment)


def account_resume(*, actor, account: Account, comment: str = "") -> Account:
    return account_transition(actor=actor, account=account, action=Action.RESUME, comment=comment)


def change_request(
    *,
    actor,
    account: Account,
    kind: str,
    reason: str,
    explanation: str = "",
    merge_target: Account | int | None = None,
) -> AccountChange:
    """Ask to open, close or merge ``account``; the review starts at once."""
    permissions.require(
        actor, "websites.account", "create", account.agency_id, _("您没有为该账号申请开设、关停或整合的权限。")
    )
    if kind not in ChangeKind.values:
        raise ValidationFailed(_("请选择申请事项（开设、关停或整合）。"))
    if reason not in ChangeReason.values:
        raise ValidationFailed(_("请选择理由。"))
    explanation = (explanation or "").strip()
    if reason == ChangeReason.OTHER and not explanation:
        raise ValidationFailed(_("理由为“其他”时，请写明具体理由。"))
    if len(explanation) > 2000:
        raise ValidationFailed(_("说明不能超过 2000 字。"))
    needed = {ChangeKind.OPEN: (Status.PENDING,), ChangeKind.CLOSE: (Status.OPEN, Status.SUSPENDED)}
    needed[ChangeKind.MERGE] = needed[ChangeKind.CLOSE]
    if account.status not in needed[kind]:
        raise InvalidTransition(
            _("账号当前为“%(status)s”，不能申请%(kind)s。")
            % {"status": Status(account.status).label, "kind": ChangeKind(kind).label}
        )
    target = None
    if kind == ChangeKind.MERGE:
        target_id = merge_target.pk if isinstance(merge_target, Account) else merge_target
        target = Account.objects.filter(pk=target_id).first() if target_id else None
        if target is None or target.pk == account.pk:
            raise ValidationFailed(_("请选择并入的网站或账号（不能是它自己）。"))
        if target.status != Status.OPEN:
            raise ValidationFailed(_("只能并入运行中的网站或账号。"))
    with transaction.atomic():
        if AccountChange.objects.select_for_update().filter(account=account, state=ChangeState.PENDING).exists():
            raise ValidationFailed(_("该账号已有审核中的申请。"))
        change = AccountChange.objects.create(
            account=account, kind=kind, reason=reason, explanation=explanation, merge_target=target, requested_by=actor
        )
        from .reviews import TEMPLATE_KEY

        workflow_services.review_start(
            actor=actor,
            target=change,
            template_key=TEMPLATE_KEY,
            agency=account.agency,
            comment=f"{ChangeKind(kind).label}：{ChangeReason(reason).label}"
            + (f"。{explanation}" if explanation else ""),
        )
        audit_log(
            actor=actor,
            event=WebsitesEvent.ACCOUNT_CHANGE_REQUESTED,
            target=account,
            data={
                "kind": kind,
                "reason": reason,
                "explanation": explanation,
                "merge_target": target.pk if target else None,
            },
        )
    return change


def change_decided(*, change_id: int, approved: bool, actor) -> AccountChange | None:
    """Called by the review hooks: apply an approved change to the account, or close the request."""
    with transaction.atomic():
        change = AccountChange.objects.select_for_update().filter(pk=change_id).first()
        if change is None or change.state != ChangeState.PENDING:
            return change
        change.state = ChangeState.APPROVED if approved else ChangeState.RETURNED
        change.decided_at = timezone.now()
        change.save(update_fields=["state", "decided_at"])
        if approved:
            action = {
                ChangeKind.OPEN: Action.OPEN_APPROVED,
                ChangeKind.CLOSE: Action.CLOSE_APPROVED,
                ChangeKind.MERGE: Action.MERGE_APPROVED,
            }[change.kind]
            account = account_transition(actor=actor, account=change.account_id, action=action, system=True)
            if change.kind == ChangeKind.MERGE:
                account.merged_into = change.merge_target
                account.save(update_fields=["merged_into"])
    return change


# --- Content ------------------------------------------------------------------------------------


def _require_content(actor, account: Account) -> None:
    if actor is not None:
        permissions.require(
            actor, "websites.content", "manage", account.agency_id, _("您没有管理该账号发布内容的权限。")
        )


def posts_ingest(*, actor, account: Account, rows: list[Any], source: str = PostSource.API) -> dict[str, Any]:
    """Store checked records as posts of ``account``: new ones created and classified, changed ones
    updated (a person's correction is kept), the same ones left alone. Returns the counts and the
    rejected records with their reasons."""
    _require_content(actor, account)
    if source not in PostSource.values:
        raise ValidationFailed(_("来源无效。"))
    if not isinstance(rows, list):
        raise ValidationFailed(_("records 应为列表。"))
    if len(rows) > MAX_BATCH:
        raise ValidationFailed(_("一次最多提交 %(n)s 条。") % {"n": MAX_BATCH})
    good, rejected = opinion.check_records(rows)
    records: dict[str, dict] = {}
    for rec in good:
        if rec.get("published_at") is None:
            rejected.append({"index": rec["index"], "reason": _("缺少发布时间。"), "id": rec["external_id"]})
            continue
        records[rec["external_id"]] = rec  # the last of repeated ids wins
    created = updated = unchanged = 0
    with transaction.atomic():
        existing = {
            p.external_id: p
            for p in Post.objects.select_for_update().filter(account=account, external_id__in=list(records))
        }
        fresh: list[Post] = []
        changed: list[Post] = []
        for ext_id, rec in records.items():
            published_at = rec["published_at"]
            values = {
                "title": (rec.get("title") or "")[:500],
                "text": rec.get("text") or "",
                "url": (rec.get("url") or "")[:1000],
                "published_at": published_at,
                "published_on": timezone.localdate(published_at),
            }
            post = existing.get(ext_id)
            if post is None:
                fresh.append(Post(account=account, external_id=ext_id, source=source, **values))
            elif any(getattr(post, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(post, k, v)
                changed.append(post)
            else:
                unchanged += 1
        todo = fresh + changed
        decisions = classifier.classify([classifier.post_text(p.title, p.text) for p in todo])
        for post, decision in zip(todo, decisions, strict=True):
            post.model_gov_info = decision.is_gov_info
            post.model_score = decision.score
            post.evidence = decision.evidence
        try:
            Post.objects.bulk_create(fresh)
        except IntegrityError:
            raise ValidationFailed(_("同一批内容正在被另一次导入处理，请稍后重试。")) from None
        for post in changed:
            post.save()
        created, updated = len(fresh), len(changed)
        from .checks import check_content

        check_content(account, [*fresh, *changed])
        result = {
            "created": created,
            "updated": updated,
            "unchanged": unchanged,
            "rejected": sorted(rejected, key=lambda r: r.get("index", 0)),
        }
        audit_log(
            actor=actor,
            event=WebsitesEvent.POSTS_IMPORTED,
            target=account,
            data={
                "source": source,
                "created": created,
                "updated": updated,
                "unchanged": unchanged,
                "rejected": len(rejected),
            },
        )
    return result


def posts_import_file(
    *, actor, account: Account, data: bytes, filename: str, column_map: dict[str, str] | None = None
) -> dict[str, Any]:
    _require_content(actor, account)
    rows, rejected_lines = opinion.read_import_file(data, filename, column_map=column_map)
    result = posts_ingest(actor=actor, account=account, rows=rows, source=PostSource.FILE)
    result["rejected_lines"] = rejected_lines
    return result


def posts_poll_feed(*, actor, account: Account, fetch=None) -> dict[str, Any]:
    """Read the account's RSS/Atom feed and ingest its entries."""
    _require_content(actor, account)
    if not account.feed_url:
        raise ValidationFailed(_("该账号没有设置订阅地址。"))
    fetched = (fetch or opinion.fetch_feed)(account.feed_url)
    if fetched["status"] == 304:
        return {"created": 0, "updated": 0, "unchanged": 0, "rejected": []}
    if fetched["status"] != 200:
        raise ValidationFailed(_("订阅地址返回 HTTP %(status)s。") % {"status": fetched["status"]})
    return posts_ingest(actor=actor, account=account, rows=opinion.parse_feed(fetched["body"]), source=PostSource.FEED)


def post_correct(*, actor, post: Post, gov_info: bool | None) -> Post:
    """A person decides whether the post is government information (``None`` = back to the model)."""
    _require_content(actor, post.account)
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("account").get(pk=post.pk)
        old = post.corrected_gov_info
        post.corrected_gov_info = gov_info
        post.corrected_by = actor if gov_info is not None else None
        post.corrected_at = timezone.now() if gov_info is not None else None
        post.save(update_fields=["corrected_gov_info", "corrected_by", "corrected_at"])
        audit_log(
            actor=actor,
            event=WebsitesEvent.POST_CORRECTED,
            target=post.account,
            data={
                "post": post.pk,
                "old": {"corrected": old},
                "new": {"corrected": gov_info},
                "model": post.model_gov_info,
            },
        )
        from .checks import check_share_day

        check_share_day(post.account, post.published_on)
    return post


# --- Findings and rectification -----------------------------------------------------------------


def finding_open(
    *,
    account: Account,
    kind: str,
    key: str,
    day: dt.date,
    message: str,
    detail: dict | None = None,
    veto: bool = False,
    citation: str = "",
    post: Post | None = None,
) -> tuple[Finding, bool]:
    """Open a finding once (same account, kind and key = the same finding); its rectification
    clock starts on the rules clock. Returns (finding, created)."""
    with transaction.atomic():
        finding = Finding.objects.filter(account=account, kind=kind, key=key[:600]).first()
        if finding is not None:
            return finding, False
        finding = Finding.objects.create(
            account=account,
            kind=kind,
            key=key[:600],
            day=day,
            message=message,
            detail=detail or {},
            veto=veto,
            citation=citation[:500],
            post=post,
        )
        finding.deadline = rule_services.deadline_start(
            actor=None,
            target=finding,
            agency=account.agency,
            rule_key=RECTIFICATION_KEY,
            start=clock.now(),
            title=_("整改期限：%(name)s（%(kind)s）") % {"name": account.name, "kind": finding.get_kind_display()},
        )
        finding.save(update_fields=["deadline"])
    return finding, True


def finding_lapse(*, finding: Finding, reason: str) -> Finding:
    """A check no longer finds the problem (e.g. the day's share is met after a correction)."""
    from .enums import FindingState

    with transaction.atomic():
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        if finding.state != FindingState.OPEN:
            return finding
        finding.state = FindingState.DISMISSED
        finding.rectification = reason
        finding.rectified_at = timezone.now()
        finding.save(update_fields=["state", "rectification", "rectified_at"])
        if finding.deadline_id:
            rule_services.deadline_close(actor=None, deadline=finding.deadline)
        audit_log(
            actor=None,
            event=WebsitesEvent.FINDING_TRANSITION,
            target=finding,
            agency_id=finding.account.agency_id,
            data={"new": {"state": finding.state}, "reason": reason},
        )
    return finding


def finding_transition(*, actor, finding: Finding, action: str, note: str) -> Finding:
    """The unit records its rectification (``rectify``), or the inspecting office dismisses a finding."""
    FINDING_ACTIONS.require(actor, action, finding)
    note = FINDING_ACTIONS.parse(action, {"note": note}).note
    with transaction.atomic():
        finding = Finding.objects.select_for_update().select_related("account").get(pk=finding.pk)
        new = FINDING_TRANSITIONS.get((finding.state, action))
        if new is None:
            raise InvalidTransition(_("该问题已处理，不能重复登记。"))
        old = finding.state
        finding.state = new
        finding.rectification = note
        finding.rectified_by = actor
        finding.rectified_at = timezone.now()
        finding.save(update_fields=["state", "rectification", "rectified_by", "rectified_at"])
        if finding.deadline_id:
            rule_services.deadline_close(actor=None, deadline=finding.deadline)
        audit_log(
            actor=actor,
            event=WebsitesEvent.FINDING_TRANSITION,
            target=finding,
            agency_id=finding.account.agency_id,
            data={"old": {"state": old}, "new": {"state": new}, "note": note},
        )
    return finding


def inspection_save(*, actor, agency_id: int, month: dt.date, manual: dict[str, Any], note: str = "") -> Inspection:
    """Enter the scores the system cannot compute (vetoes: true/false; deductions: points)."""
    from .reports import scheme_for

    if not permissions.may(actor, "websites.inspection", "review", agency_id):
        raise PermissionDenied(_("只有政务公开办的工作人员可以录入检查评分。"))
    month = month.replace(day=1)
    scheme = scheme_for(agency_id, month)
    clean: dict[str, Any] = {}
    for item in scheme["vetoes"]:
        if not item.get("computed"):
            clean[item["key"]] = bool(manual.get(item["key"]))
    for item in scheme["deductions"]:
        if item.get("computed"):
            continue
        raw = manual.get(item["key"], 0)
        try:
            points = float(raw or 0)
        except (TypeError, ValueError):
            raise ValidationFailed(_("“%(name)s”的扣分应为数字。") % {"name": item["name"]}) from None
        if points < 0 or points > float(item["cap"]):
            raise ValidationFailed(
                _("“%(name)s”的扣分应在 0 到 %(cap)s 之间。") % {"name": item["name"], "cap": item["cap"]}
            )
        clean[item["key"]] = points
    with transaction.atomic():
        inspection, _created = Inspection.objects.select_for_update().get_or_create(agency_id=agency_id, month=month)
        old = dict(inspection.manual)
        inspection.manual = clean
        inspection.note = (note or "").strip()[:5000]
        inspection.updated_by = actor
        inspection.save()
        audit_log(
            actor=actor,
            event=WebsitesEvent.INSPECTION_SAVED,
            target=inspection,
            agency_id=agency_id,
            data={"old": old, "new": clean, "month": month.isoformat()},
        )
    return inspection


def links_check(*, actor, account: Account, max_pages: int | None = None, sleep=None) -> dict[str, Any]:
    """Crawl a registered website (bounded, polite, robots.txt honoured) and open a finding per broken link."""
    from django.conf import settings

    from . import crawler
    from .enums import FindingKind

    _require_content(actor, account)
    if account.platform != Platform.WEBSITE:
        raise ValidationFailed(_("只有政府网站可以检查链接。"))
    kwargs: dict[str, Any] = {
        "max_pages": max_pages or int(getattr(settings, "WEBSITES_CRAWL_MAX_PAGES", 50)),
        "delay": float(getattr(settings, "WEBSITES_CRAWL_DELAY_SECONDS", 1.0)),
    }
    if sleep is not None:
        kwargs["sleep"] = sleep
    result = crawler.crawl(account.identifier, **kwargs)
    today = clock.today()
    opened = 0
    for item in result.broken:
        status = item["status"] or _("无响应")
        _finding, created = finding_open(
            account=account,
            kind=FindingKind.BROKEN_LINK,
            key=f"{item['page']} -> {item['url']}",
            day=today,
            message=_("页面 %(page)s 中的链接 %(url)s 无法访问（%(status)s）。")
            % {"page": item["page"], "url": item["url"], "status": status},
            detail=item,
        )
        opened += int(created)
    summary = {
        "pages": result.pages,
        "checked": result.checked,
        "broken": len(result.broken),
        "opened": opened,
        "skipped_by_robots": len(result.skipped_by_robots),
    }
    audit_log(actor=actor, event=WebsitesEvent.LINKS_CHECKED, target=account, data=summary)
    return summary
