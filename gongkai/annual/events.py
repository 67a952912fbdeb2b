from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnualEvent(models.TextChoices):
    FIGURE_SAVED = "annual.figure.saved", _("填报年度报告数据")
    FIGURES_IMPORTED = "annual.figures.imported", _("导入年度报告数据")
    REPORT_CREATED = "annual.report.created", _("生成年度报告")
    REPORT_UPDATED = "annual.report.updated", _("修改年度报告文字")
    REPORT_REFRESHED = "annual.report.refreshed", _("重新计算年度报告表格")
    REPORT_SUBMIT = "annual.report.submit", _("提交年度报告审核")
    REPORT_RETURN = "annual.report.return", _("年度报告被退回")
    REPORT_RESUBMIT = "annual.report.resubmit", _("重新提交年度报告")
    REPORT_APPROVE = "annual.report.approve", _("年度报告审核通过并公布")
    REPORT_CANCEL = "annual.report.cancel", _("撤回年度报告审核")
    GAZETTE_SAVED = "annual.gazette.saved", _("编辑政府公报")
    GAZETTE_PUBLISHED = "annual.gazette.published", _("出版政府公报")
