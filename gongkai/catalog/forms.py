"""Back-office forms of the catalogue. They only collect and type the input: the services
(``gongkai.catalog.services``) check the R2.2 rules, permissions and statuses, and their
``ValidationFailed.detail`` (field → message) is put back on the fields by ``add_service_errors``."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gongkai.core.errors import DomainError
from gongkai.orgs.models import Agency, Section

from .enums import (
    Attribute,
    ConsultationAnswer,
    ConsultationKind,
    FiveDisclosure,
    StatutoryKind,
    TimeLimit,
    WithholdGround,
)
from .models import Category, Topic
from .services import GUIDE_FIELDS

DEFAULT_DOCX_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_PASTE_MAX_CHARS = 2_000_000

SOURCE_MODES = [
    ("docx", _("上传 Word 文档（.docx）")),
    ("html", _("粘贴网页内容（HTML）")),
    ("text", _("粘贴纯文本")),
    ("blank", _("空白表单，手工录入")),
]


def docx_max_bytes() -> int:
    return int(getattr(settings, "CATALOG_DOCX_MAX_BYTES", DEFAULT_DOCX_MAX_BYTES))


def add_service_errors(form: forms.Form, exc: DomainError) -> None:
    """Put a service error on the fields it names (``detail`` = {field: message}), else on the form."""
    detail = exc.detail if isinstance(exc.detail, dict) else {}
    placed = False
    for name, message in detail.items():
        if name in form.fields and isinstance(message, str):
            form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Section) -> str:
        return f"{obj.agency.name} · {obj.name}"


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return f"{obj.code} {obj.name}"


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


class SourceForm(forms.Form):
    """Step 1 of a new item: the agency, and where the content comes from."""

    agency = AgencyChoiceField(
        label=_("发布机构"),
        queryset=Agency.objects.none(),
        empty_label=_("请选择"),
        error_messages={"required": _("请选择发布机构。"), "invalid_choice": _("请选择有效的发布机构。")},
    )
    mode = forms.ChoiceField(
        label=_("内容来源"),
        choices=SOURCE_MODES,
        initial="docx",
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择内容来源。"), "invalid_choice": _("请选择有效的内容来源。")},
    )
    file = forms.FileField(
        label=_("Word 文档（.docx）"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
        ),
        error_messages={"empty": _("上传的文件为空。")},
    )
    pasted = forms.CharField(
        label=_("粘贴的网页或文本"),
        required=False,
        max_length=DEFAULT_PASTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("从网页复制时可粘贴其 HTML 源代码或选中的文字；系统会清除字体、颜色、空段落和重复的标题。"),
        error_messages={"max_length": _("粘贴的内容过长（最多 %(limit_value)d 个字符）。")},
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = agencies if agencies is not None else Agency.objects.none()
        self.fields["agency"].queryset = qs
        if qs.count() == 1:
            self.fields["agency"].initial = qs.first().pk
        limit = docx_max_bytes() / 1048576
        self.fields["file"].help_text = _("文件不超过 %(mb).0f MB。旧版 .doc 文件请先在 Word 中另存为 .docx。") % {
            "mb": limit
        }

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("mode")
        upload = cleaned.get("file")
        if mode == "docx":
            if not upload:
                self.add_error("file", _("请选择要上传的 Word 文档。"))
            elif upload.size > docx_max_bytes():
                self.add_error(
                    "file",
                    _("文件过大（%(size).1f MB），上限为 %(mb).0f MB。")
                    % {"size": upload.size / 1048576, "mb": docx_max_bytes() / 1048576},
                )
        elif mode in ("html", "text") and not (cleaned.get("pasted") or "").strip():
            self.add_error("pasted", _("请粘贴网页或文本内容。"))
        return cleaned


class ItemForm(forms.Form):
    """The fields of SPEC R2.2 a user sets on the working copy (no status, no index number)."""

    agency = AgencyChoiceField(
        label=_("发布机构"),
        queryset=Agency.objects.none(),
        empty_label=_("请选择"),
        error_messages={"required": _("请选择发布机构。"), "invalid_choice": _("请选择有效的发布机构。")},
    )
    title = forms.CharField(
        label=_("信息名称"),
        required=False,
        max_length=300,
        help_text=_("信息的完整标题，不得使用简称。"),
        error_messages={"max_length": _("信息名称不能超过 %(limit_value)d 个字。")},
    )
    document_number = forms.CharField(
        label=_("文件编号"),
        required=False,
        max_length=100,
        help_text=_("发文字号，例：鄂前政发〔2008〕1号；非文件类信息可不填。"),
        error_messages={"max_length": _("文件编号不能超过 %(limit_value)d 个字。")},
    )
    produced_on = forms.CharField(
        label=_("产生时间"),
        required=False,
        max_length=20,
        widget=_date_input(),
        help_text=_("yyyy-mm-dd。文件为签发日期（会签的为最后一个签发日期）。"),
    )
    keywords = forms.CharField(
        label=_("关键词"),
        required=False,
        max_length=200,
        help_text=_("必填；多个关键词之间用空格分隔，每个关键词不超过规定字数。"),
        error_messages={"max_length": _("关键词总长不能超过 %(limit_value)d 个字。")},
    )
    category = CategoryChoiceField(
        label=_("信息分类"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("请选择"),
        error_messages={"invalid_choice": _("请选择有效的信息分类。")},
    )
    five_disclosure = forms.ChoiceField(
        label=_("五公开"),
        required=False,
        choices=[("", _("（不标注）"))] + list(FiveDisclosure.choices),
        error_messages={"invalid_choice": _("五公开标签无效。")},
    )
    statutory_kind = forms.ChoiceField(
        label=_("条例第二十条事项"),
        required=False,
        choices=[("", _("（不属于）"))] + list(StatutoryKind.choices),
        help_text=_("用于年度报告第二部分；系统根据名称和文号给出建议，请确认。"),
        error_messages={"invalid_choice": _("条例第二十条事项无效。")},
    )
    section = SectionChoiceField(
        label=_("责任部门（科室）"),
        queryset=Section.objects.none(),
        required=False,
        empty_label=_("（未指定）"),
        error_messages={"invalid_choice": _("请选择有效的责任部门（科室）。")},
    )
    time_limit = forms.ChoiceField(
        label=_("公开时限"),
        choices=TimeLimit.choices,
        initial=TimeLimit.LONG_TERM,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择公开时限。"), "invalid_choice": _("公开时限须为长期公开或限时公开。")},
    )
    time_limit_end = forms.CharField(
        label=_("限时公开截止日期"),
        required=False,
        max_length=20,
        widget=_date_input(),
        help_text=_("选择“限时公开”时必填（yyyy-mm-dd）。"),
    )
    attribute = forms.ChoiceField(
        label=_("公开属性"),
        choices=Attribute.choices,
        initial=Attribute.ACTIVE,
        widget=forms.RadioSelect,
        help_text=_("由制作或获取信息的科室拟定；不予公开或依申请公开的须说明理由。"),
        error_messages={"required": _("请选择公开属性。"), "invalid_choice": _("请选择有效的公开属性。")},
    )
    withhold_grounds = forms.MultipleChoiceField(
        label=_("不予公开（或部分公开）理由"),
        required=False,
        choices=WithholdGround.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("不予公开理由无效。")},
    )
    attribute_reason = forms.CharField(
        label=_("属性说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("拟依申请公开或不予公开的，说明理由和依据。"),
    )
    description = forms.CharField(
        label=_("内容描述"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("内容概述；另有实施日期的，在此说明。"),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("专题"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("请选择有效的专题。"), "invalid_pk_value": _("请选择有效的专题。")},
    )
    body_html = forms.CharField(
        label=_("正文（HTML）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "body"}),
        help_text=_("保留标题层级、加粗、段落和表格；保存时会清除字体、颜色和空段落。正文中不要再出现标题。"),
    )

    # The fields handed to the services (everything but agency and topics).
    SERVICE_FIELDS = (
        "title",
        "document_number",
        "produced_on",
        "attribute",
        "withhold_grounds",
        "attribute_reason",
        "description",
        "time_limit",
        "time_limit_end",
        "keywords",
        "category",
        "five_disclosure",
        "statutory_kind",
        "section",
        "body_html",
    )

    def __init__(self, *args, agencies=None, agency: Agency | None = None, item_category=None, **kwargs):
        """``agencies``: the agencies to choose from (new item); ``agency``: a fixed agency (edit)."""
        super().__init__(*args, **kwargs)
        if agency is not None:
            del self.fields["agency"]
            section_agencies = [agency.pk]
        else:
            qs = agencies if agencies is not None else Agency.objects.none()
            self.fields["agency"].queryset = qs
            if qs.count() == 1 and not self.initial.get("agency"):
                self.fields["agency"].initial = qs.first().pk
            section_agencies = list(qs.values_list("pk", flat=True))
        self.fields["section"].queryset = (
            Section.objects.filter(agency_id__in=section_agencies, is_active=True)
            .select_related("agency")
            .order_by("agency__name", "name")
        )
        categories = Category.objects.filter(is_active=True)
        if item_category is not None:
            # An item filed under a category that was since deactivated still shows it (the service
            # then asks for an active one).
            categories = Category.objects.filter(pk=item_category.pk) | categories
        self.fields["category"].queryset = categories.order_by("order", "code")
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True).order_by("name")
        if "statutory_kind" in self.fields and not self.initial.get("statutory_kind"):
            from .statutory import suggest

            hint = suggest(self.initial.get("title") or "", self.initial.get("document_number") or "")
            if hint:
                self.fields["statutory_kind"].help_text = _("系统建议：%(kind)s（请确认后选择）。") % {
                    "kind": StatutoryKind(hint).label
                }

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in self.SERVICE_FIELDS if name in self.fields}


class CorrectForm(ItemForm):
    """R2.5: the unit administrator corrects a published item (same fields but the attribute)."""

    reason = forms.CharField(
        label=_("更正说明"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("必填：说明更正了什么、为什么更正。原版本保留，工作人员可以查看。"),
        error_messages={"required": _("请填写更正说明。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("attribute", "withhold_grounds", "attribute_reason"):
            del self.fields[name]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写理由。")},
    )

    def __init__(self, *args, label=None, help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
            self.fields["reason"].error_messages["required"] = _("请填写%(label)s。") % {"label": label}
        if help_text:
            self.fields["reason"].help_text = help_text


class SubmitForm(forms.Form):
    comment = forms.CharField(
        label=_("提交说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("说明不能超过 %(limit_value)d 字。")},
    )


class RedactionForm(forms.Form):
    passage = forms.CharField(
        label=_("不予公开的内容"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("从正文中复制原文（须在同一段落、列表项或表格单元格内）。"),
        error_messages={"required": _("请填写要不予公开的内容。")},
    )
    ground = forms.ChoiceField(
        label=_("不予公开的理由"),
        choices=[("", _("请选择"))] + list(WithholdGround.choices),
        error_messages={"required": _("请选择不予公开的理由。"), "invalid_choice": _("请选择有效的理由。")},
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=300)


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("征求对象类型"),
        choices=ConsultationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择征求对象类型。"), "invalid_choice": _("征求意见类型无效。")},
    )
    party_name = forms.CharField(
        label=_("第三方名称"),
        required=False,
        max_length=200,
        help_text=_("征求第三方（权利人）意见时填写：涉及商业秘密、个人隐私的信息，公开前须征求权利人意见。"),
    )
    consulted_agency = AgencyChoiceField(
        label=_("被征求意见的机关"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("请选择"),
        help_text=_("信息涉及其他机关的，逐一征求意见；逾期未答复的视为同意。"),
        error_messages={"invalid_choice": _("请选择有效的机关。")},
    )
    sent_on = forms.DateField(
        label=_("发出日期"),
        widget=_date_input(),
        error_messages={"required": _("请填写发出日期。"), "invalid": _("发出日期须为 yyyy-mm-dd 格式的日期。")},
        help_text=_("决策草案公开征求意见的，为向社会公布之日。"),
    )
    major_decision = forms.BooleanField(
        label=_("属于重大行政决策"),
        required=False,
        help_text=_(
            "决策草案公开征求意见时填写：重大行政决策的征求意见期限一般不少于30日"
            "（《重大行政决策程序暂行条例》第十五条），其他决策按本地规则。"
        ),
    )

    def __init__(self, *args, exclude_agency: Agency | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Agency.objects.filter(is_active=True).order_by("name")
        if exclude_agency is not None:
            qs = qs.exclude(pk=exclude_agency.pk)
        self.fields["consulted_agency"].queryset = qs


class ConsultationAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("答复"),
        choices=[(ConsultationAnswer.AGREE, ConsultationAnswer.AGREE.label)]
        + [(ConsultationAnswer.DISAGREE, ConsultationAnswer.DISAGREE.label)],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择答复。"), "invalid_choice": _("答复须为同意公开或不同意公开。")},
    )
    answered_on = forms.DateField(
        label=_("答复日期"),
        widget=_date_input(),
        error_messages={"required": _("请填写答复日期。"), "invalid": _("答复日期须为 yyyy-mm-dd 格式的日期。")},
    )
    note = forms.CharField(
        label=_("答复内容"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CategoryForm(forms.Form):
    code = forms.CharField(
        label=_("分类代码"),
        max_length=10,
        help_text=_("1–10 位数字或字母，用于索引号（地方格式），新建后不能修改。"),
        error_messages={"required": _("请填写分类代码。")},
    )
    name = forms.CharField(label=_("分类名称"), max_length=50, error_messages={"required": _("请填写分类名称。")})
    description = forms.CharField(
        label=_("说明"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]


class TopicForm(forms.Form):
    slug = forms.SlugField(
        label=_("标识"),
        max_length=60,
        help_text=_("网址中使用的英文标识（字母、数字、连字符），新建后不能修改。"),
        error_messages={"required": _("请填写标识。"), "invalid": _("标识只能包含字母、数字、连字符和下划线。")},
    )
    name = forms.CharField(label=_("专题名称"), max_length=100, error_messages={"required": _("请填写专题名称。")})
    description = forms.CharField(
        label=_("简介"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["slug"]


GUIDE_LABELS = {
    "how_to_obtain": _("获取方式"),
    "office_name": _("办理机构名称"),
    "address": _("办公地址"),
    "hours": _("办公时间"),
    "phone": _("联系电话"),
    "fax": _("传真"),
    "online": _("网上联系方式"),
    "postcode": _("邮政编码"),
    "notes": _("其他说明"),
}
_GUIDE_LONG = {"how_to_obtain", "notes"}
_GUIDE_MAX = {"office_name": 200, "address": 300, "hours": 200, "phone": 100, "fax": 100, "online": 300, "postcode": 10}


class GuideForm(forms.Form):
    """公开指南 (SPEC R2.8): the categories come from the catalogue itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in GUIDE_FIELDS:
            if name in _GUIDE_LONG:
                self.fields[name] = forms.CharField(
                    label=GUIDE_LABELS[name], required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
                )
            else:
                self.fields[name] = forms.CharField(
                    label=GUIDE_LABELS[name],
                    required=False,
                    max_length=_GUIDE_MAX[name],
                    error_messages={"max_length": _("不能超过 %(limit_value)d 个字。")},
                )


class ImportForm(forms.Form):
    agency = AgencyChoiceField(
        label=_("发布机构"),
        queryset=Agency.objects.none(),
        empty_label=_("请选择"),
        help_text=_("文件中的全部信息都录入为该机构的草稿。"),
        error_messages={"required": _("请选择发布机构。"), "invalid_choice": _("请选择有效的发布机构。")},
    )
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        error_messages={"required": _("请选择要上传的文件。"), "empty": _("上传的文件为空。")},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = agencies if agencies is not None else Agency.objects.none()
        self.fields["agency"].queryset = qs
        if qs.count() == 1:
            self.fields["agency"].initial = qs.first().pk
