"""Demo content: last year's annual report of the education bureau, entered, generated, reviewed and
published through the real services (so the 年度报告 column shows it), this year's figures started, the
due-date clocks of every unit, and one gazette issue of the published demo items. Idempotent."""

from __future__ import annotations

from gongkai.core import clock
from gongkai.orgs.models import Agency, User
from gongkai.workflow.enums import Decision
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_decide

from . import gazette, services
from .enums import ReportStatus
from .models import GazetteIssue, Report

FIGURES = [
    ("permit.decisions", 126, "旗政务服务中心审批系统年度统计"),
    ("penalty.decisions", 4, "教育行政执法案卷登记簿"),
    ("coercion.decisions", 0, "教育行政执法案卷登记簿"),
    ("fee.amount", "0", "本局不收取行政事业性收费"),
]


def load_demo_annual() -> dict[str, int]:
    created = {"reports": 0, "published": 0, "clocks": 0, "gazette": 0}
    edu = Agency.objects.filter(name="鄂托克前旗教育局").first()
    gov = Agency.objects.filter(name="鄂托克前旗人民政府").first()
    users = {u.username: u for u in User.objects.filter(username__in=["unitadmin", "gkbhead", "gkbstaff"])}
    if edu is None or gov is None or len(users) < 3:
        return created
    today = clock.today()
    published_year, open_year = today.year - 2, today.year - 1
    report = Report.objects.filter(agency=edu, year=published_year).first()
    if report is None or report.status != ReportStatus.PUBLISHED:
        for key, value, source in FIGURES:
            services.figure_save(
                actor=users["unitadmin"], agency=edu, year=published_year, key=key, value=value, source=source
            )
        report = services.report_generate(actor=users["unitadmin"], agency=edu, year=published_year)
        services.report_update_text(
            actor=users["unitadmin"],
            report=report,
            section_five="主要问题：部分栏目更新不够及时，政策解读形式较单一。\n改进情况：建立栏目更新台账，按月检查。",
        )
        report = services.report_submit(actor=users["unitadmin"], report=report)
        review = review_active_for(report)
        if review is not None:
            review_decide(actor=users["gkbhead"], review=review, decision=Decision.APPROVE)
        created["reports"] += 1
        created["published"] += 1
    if not Report.objects.filter(agency=edu, year=open_year).exists():
        for key, value, source in FIGURES[:2]:
            services.figure_save(
                actor=users["unitadmin"], agency=edu, year=open_year, key=key, value=value, source=source
            )
        services.report_generate(actor=users["unitadmin"], agency=edu, year=open_year)
        created["reports"] += 1
    created["clocks"] = services.reports_open_year(year=open_year)
    if not GazetteIssue.objects.filter(agency=gov).exists():
        from gongkai.catalog import interface as catalog

        refs = catalog.recent_published_refs(limit=3)
        if refs:
            issue = gazette.issue_create(
                actor=users["gkbstaff"], agency=gov, year=today.year, number=1, issued_on=today
            )
            for ref in refs:
                gazette.entry_add(actor=users["gkbstaff"], issue=issue, ref=ref, heading="规范性文件")
            gazette.issue_publish(actor=users["gkbstaff"], issue=issue)
            created["gazette"] += 1
    return created
