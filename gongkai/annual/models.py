"""The annual report on government information disclosure (SPEC R9.4) and the gazette (R2.8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.core.models import TimeStampedModel

from .enums import FigureVia, GazetteStatus, ReportStatus


class Figure(TimeStampedModel):
    """One figure of section 二 entered by a unit for a year (permits and penalties are decided in other
    systems), with where it comes from. A figure entered here wins over the catalogue's count."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    key = models.CharField("项目", max_length=40)
    value = models.DecimalField("数值", max_digits=14, decimal_places=4)
    source = models.CharField("数据来源", max_length=200)
    via = models.CharField("填报方式", max_length=10, choices=FigureVia.choices, default=FigureVia.FORM)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["agency", "year", "key"]
        verbose_name = "年度报告填报数据"
        verbose_name_plural = "年度报告填报数据"
        constraints = [models.UniqueConstraint(fields=["agency", "year", "key"], name="annual_figure_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} {self.key}={self.value}"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id


class Report(TimeStampedModel):
    """A unit's report for a year: the tables computed when generated (``tables``) and the text staff edit."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    # A government's report covers its whole jurisdiction (its own figures and its agencies').
    jurisdiction = models.BooleanField("汇总本级及所属单位", default=False)
    format_code = models.CharField("格式", max_length=10)
    tables = models.JSONField("表格数据", default=dict)
    section_one = models.TextField("一、总体情况", blank=True)
    section_five = models.TextField("五、存在的主要问题及改进情况", blank=True)
    section_six = models.TextField("六、其他需要报告的事项", blank=True)
    generated_at = models.DateTimeField("表格计算时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="编写人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.ForeignKey(
        "rules.Deadline", verbose_name="公布期限", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    published_item_id = models.PositiveIntegerField("目录信息编号", null=True, blank=True)
    published_url = models.CharField("公开地址", max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "agency"]
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="annual_report_unique")]

    def __str__(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    @property
    def title(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    def get_absolute_url(self) -> str:
        from gongkai.core import links

        return links.url_for(self)

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id


class GazetteIssue(TimeStampedModel):
    """An issue of the government gazette (政府公报): year, number, date, made of catalogue items."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="编辑单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年份")
    number = models.PositiveSmallIntegerField("期号")
    issued_on = models.DateField("出版日期")
    status = models.CharField("状态", max_length=20, choices=GazetteStatus.choices, default=GazetteStatus.DRAFT)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = "政府公报"
        verbose_name_plural = "政府公报"
        constraints = [models.UniqueConstraint(fields=["agency", "year", "number"], name="annual_gazette_unique")]

    def __str__(self) -> str:
        return f"{self.agency.name}公报{self.year}年第{self.number}期"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id


class GazetteEntry(models.Model):
    issue = models.ForeignKey(GazetteIssue, verbose_name="公报", on_delete=models.CASCADE, related_name="entries")
    heading = models.CharField("栏目", max_length=50)
    item_id = models.PositiveIntegerField("目录信息编号")
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        ordering = ["issue", "order", "id"]
        verbose_name = "公报篇目"
        verbose_name_plural = "公报篇目"
        constraints = [models.UniqueConstraint(fields=["issue", "item_id"], name="annual_gazette_entry_unique")]

    def __str__(self) -> str:
        return f"{self.heading}: {self.item_id}"
