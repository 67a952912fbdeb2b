"""Regions, agencies, sections, people and their roles (SPEC M1)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from gongkai.core.models import TimeStampedModel

from .codes import org_code_from_uscc
from .enums import AgencyKind, RegionLevel, Role


class Region(TimeStampedModel):
    """An administrative division (a jurisdiction for rules and calendars)."""

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级区划", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"

    def __str__(self) -> str:
        return self.name

    def ancestors(self, include_self: bool = True) -> list[Region]:
        """This region and its parents, nearest first."""
        chain: list[Region] = [self] if include_self else []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def full_name(self) -> str:
        return "".join(r.name for r in reversed(self.ancestors()))


class Agency(TimeStampedModel):
    """An administrative organ or unit that publishes and answers (编制单位)."""

    name = models.CharField("机构名称", max_length=200)
    short_name = models.CharField("简称", max_length=100, blank=True)
    kind = models.CharField("机构类型", max_length=20, choices=AgencyKind.choices, default=AgencyKind.DEPARTMENT)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="agencies")
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # 9-character 组织机构代码 or 18-character 统一社会信用代码; the index number uses the 9.
    code = models.CharField("机构代码", max_length=18, unique=True)
    department_code = models.CharField("部门代码", max_length=10, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = "机构"
        verbose_name_plural = "机构"
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="orgs_agency_unique_name_in_region")]

    def __str__(self) -> str:
        return self.name

    @property
    def org_code(self) -> str:
        """The 9-character organisation code, whichever form was stored."""
        return org_code_from_uscc(self.code) if len(self.code) == 18 else self.code.replace("-", "")

    @property
    def region_code(self) -> str:
        return self.region.code

    @property
    def audit_agency_id(self) -> int:
        return self.pk

    def ancestors(self, include_self: bool = True) -> list[Agency]:
        chain: list[Agency] = [self] if include_self else []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class Section(TimeStampedModel):
    """An internal section of an agency (科室)."""

    agency = models.ForeignKey(Agency, verbose_name="所属机构", on_delete=models.PROTECT, related_name="sections")
    name = models.CharField("科室名称", max_length=100)
    code = models.CharField("科室代码", max_length=20, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["agency__name", "name"]
        verbose_name = "科室"
        verbose_name_plural = "科室"
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="orgs_section_unique_name")]

    def __str__(self) -> str:
        return f"{self.agency.name} · {self.name}"


class User(AbstractUser):
    """A staff account. Citizens do not need one."""

    full_name = models.CharField("姓名", max_length=100, blank=True)
    phone = models.CharField("电话", max_length=32, blank=True)
    title = models.CharField("职务", max_length=100, blank=True)
    require_two_factor = models.BooleanField("须使用双因素认证", default=False)
    failed_sign_ins = models.PositiveIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignment(TimeStampedModel):
    """A role a user holds in a unit (SPEC R1.2). The system administrator role has no unit."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("角色", max_length=40, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT, related_name="role_assignments"
    )
    section = models.ForeignKey(
        Section, verbose_name="科室", null=True, blank=True, on_delete=models.PROTECT, related_name="role_assignments"
    )

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = "角色分配"
        verbose_name_plural = "角色分配"
        constraints = [
            # Three partial constraints instead of NULLS NOT DISTINCT, which SQLite lacks.
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(agency__isnull=True), name="orgs_role_unique_global"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency"],
                condition=Q(agency__isnull=False, section__isnull=True),
                name="orgs_role_unique_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency", "section"],
                condition=Q(section__isnull=False),
                name="orgs_role_unique_section",
            ),
            models.CheckConstraint(
                condition=(Q(role=Role.SYSTEM_ADMIN) & Q(agency__isnull=True) & Q(section__isnull=True))
                | (~Q(role=Role.SYSTEM_ADMIN) & Q(agency__isnull=False)),
                name="orgs_role_unit_required",
            ),
        ]

    def __str__(self) -> str:
        where = self.agency.name if self.agency_id else "全局"
        if self.section_id:
            where = f"{where} · {self.section.name}"
        return f"{self.user} — {self.get_role_display()}（{where}）"

    @property
    def audit_agency_id(self) -> int | None:
        return self.agency_id


class SecurityPolicy(models.Model):
    """Site-wide sign-in policy set by the system administrator (a single row)."""

    require_two_factor_for_staff = models.BooleanField("全体工作人员须使用双因素认证", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "安全策略"
        verbose_name_plural = "安全策略"

    def __str__(self) -> str:
        return "安全策略"

    @classmethod
    def current(cls) -> SecurityPolicy:
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy


class SignInThrottle(models.Model):
    """Failed sign-ins of one user name from one client address (exponential back-off).

    Keyed by the name as typed (case-folded), whether or not such a user exists, so the
    answer never tells which names exist; a stranger's failures slow only that stranger.
    """

    username = models.CharField("用户名", max_length=150)
    address = models.CharField("客户端地址", max_length=64)
    failures = models.PositiveIntegerField("连续失败次数", default=0)
    last_failure_at = models.DateTimeField("最近失败时间", null=True, blank=True)
    blocked_until = models.DateTimeField("暂停登录至", null=True, blank=True)

    class Meta:
        verbose_name = "登录限流记录"
        verbose_name_plural = "登录限流记录"
        constraints = [models.UniqueConstraint(fields=["username", "address"], name="orgs_signin_throttle_unique")]

    def __str__(self) -> str:
        return f"{self.username} @ {self.address}"
