"""Back-office forms for organisations and people. They only collect input; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import permissions, selectors
from .enums import AgencyKind, RegionLevel, Role
from .models import Agency, Region, Section


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.code} {obj.name}"


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.name}（{obj.code}）"


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Section) -> str:
        return f"{obj.agency.name} · {obj.name}"


class RegionForm(forms.Form):
    code = forms.CharField(
        label=_("区划代码"),
        max_length=12,
        help_text=_("省、市、县级为 6 位（GB/T 2260），乡级为 9 位或 12 位。"),
    )
    name = forms.CharField(label=_("名称"), max_length=100)
    level = forms.ChoiceField(label=_("层级"), choices=RegionLevel.choices)
    parent = RegionChoiceField(
        label=_("上级区划"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("（无，省级）"),
    )

    def __init__(self, *args, exclude: Region | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = selectors.region_list().exclude(level=RegionLevel.TOWNSHIP)
        if exclude is not None:
            qs = qs.exclude(pk=exclude.pk)
        self.fields["parent"].queryset = qs


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("机构名称"), max_length=200)
    short_name = forms.CharField(label=_("简称"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("机构类型"), choices=AgencyKind.choices)
    region = RegionChoiceField(label=_("所在区划"), queryset=Region.objects.none())
    parent = AgencyChoiceField(
        label=_("上级机构"), queryset=Agency.objects.none(), required=False, empty_label=_("（无）")
    )
    code = forms.CharField(
        label=_("机构代码"),
        max_length=20,
        help_text=_("9 位组织机构代码或 18 位统一社会信用代码，系统会核对校验位。"),
    )
    department_code = forms.CharField(
        label=_("部门代码"), max_length=10, required=False, help_text=_("用于索引号，1–10 位数字或字母。")
    )

    def __init__(self, *args, exclude: Agency | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.region_list()
        parents = Agency.objects.filter(is_active=True).select_related("region").order_by("region__code", "name")
        if exclude is not None:
            parents = parents.exclude(pk=exclude.pk)
        self.fields["parent"].queryset = parents


class AgencyFilterForm(forms.Form):
    region = RegionChoiceField(
        label=_("区划（含下级）"), queryset=Region.objects.none(), required=False, empty_label=_("全部")
    )
    kind = forms.ChoiceField(label=_("机构类型"), choices=[("", _("全部")), *AgencyKind.choices], required=False)
    q = forms.CharField(label=_("名称或代码"), required=False, max_length=100)
    inactive = forms.BooleanField(label=_("包括已停用"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.region_list()


class SectionForm(forms.Form):
    agency = AgencyChoiceField(label=_("所属机构"), queryset=Agency.objects.none())
    name = forms.CharField(label=_("科室名称"), max_length=100)
    code = forms.CharField(label=_("科室代码"), max_length=20, required=False)

    def __init__(self, *args, actor=None, fixed_agency: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = managed_agencies(actor)
        if fixed_agency:
            self.fields["agency"].disabled = True


class SectionEditForm(forms.Form):
    name = forms.CharField(label=_("科室名称"), max_length=100)
    code = forms.CharField(label=_("科室代码"), max_length=20, required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False)


def managed_agencies(actor):
    """Active agencies whose sections and people the actor manages."""
    qs = Agency.objects.filter(is_active=True).select_related("region").order_by("region__code", "name")
    managed = permissions.managed_agency_ids(actor)
    return qs if managed is None else qs.filter(pk__in=managed)


def grantable_roles(actor) -> list[tuple[str, str]]:
    if permissions.is_system_admin(actor):
        return list(Role.choices)
    return [(value, label) for value, label in Role.choices if value not in permissions.ADMIN_ROLES]


class _ProfileFields(forms.Form):
    full_name = forms.CharField(label=_("姓名"), max_length=100)
    phone = forms.CharField(label=_("电话"), max_length=32, required=False)
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "email", "autocomplete": "email"}),
    )
    title = forms.CharField(label=_("职务"), max_length=100, required=False)
    require_two_factor = forms.BooleanField(label=_("须使用双因素认证（TOTP）"), required=False)


class UserCreateForm(_ProfileFields):
    username = forms.CharField(label=_("用户名"), max_length=150)
    password = forms.CharField(
        label=_("初始密码"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("留空则由系统生成随机密码，并只显示一次。"),
    )
    agency = AgencyChoiceField(label=_("单位"), queryset=Agency.objects.none(), required=False)
    section = SectionChoiceField(label=_("科室"), queryset=Section.objects.none(), required=False)
    roles = forms.MultipleChoiceField(label=_("角色"), choices=(), required=False, widget=forms.CheckboxSelectMultiple)

    field_order = ["username", "full_name", "password", "phone", "email", "title", "agency", "section", "roles"]

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = managed_agencies(actor)
        self.fields["agency"].queryset = agencies
        self.fields["section"].queryset = Section.objects.filter(agency__in=agencies, is_active=True).select_related(
            "agency"
        )
        self.fields["roles"].choices = [c for c in grantable_roles(actor) if c[0] != Role.SYSTEM_ADMIN]
        if not permissions.is_system_admin(actor):
            self.fields["agency"].required = True


class UserEditForm(_ProfileFields):
    pass


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=_("新密码"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("留空则由系统生成随机密码，并只显示一次。"),
    )


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=())
    agency = AgencyChoiceField(label=_("单位"), queryset=Agency.objects.none(), required=False)
    section = SectionChoiceField(label=_("科室（可选）"), queryset=Section.objects.none(), required=False)

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = managed_agencies(actor)
        self.fields["role"].choices = grantable_roles(actor)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].help_text = _("系统管理员角色为全局角色，不选单位。")
        self.fields["section"].queryset = Section.objects.filter(agency__in=agencies, is_active=True).select_related(
            "agency"
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        help_text=_("工作表“机构”“人员”（可选“科室”），第 1 行为表头。"),
        error_messages={"required": _("请选择要上传的文件。"), "empty": _("上传的文件为空。")},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


class SecurityPolicyForm(forms.Form):
    require_two_factor_for_staff = forms.BooleanField(
        label=_("全体工作人员须使用双因素认证（TOTP）"),
        required=False,
        help_text=_("开启后，尚未绑定验证器的工作人员在下次进入后台时须先完成绑定。"),
    )
