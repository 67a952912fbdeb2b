from django.db import models


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "编写中"
    IN_REVIEW = "in_review", "审核中"
    RETURNED = "returned", "已退回修改"
    PUBLISHED = "published", "已公布"


class ReportAction(models.TextChoices):
    SUBMIT = "submit", "提交审核"
    RETURN = "return", "退回修改"
    RESUBMIT = "resubmit", "重新提交"
    APPROVE = "approve", "审核通过并公布"
    CANCEL = "cancel", "撤回审核"


class FigureVia(models.TextChoices):
    FORM = "form", "逐项填报"
    IMPORT = "import", "Excel 导入"


class GazetteStatus(models.TextChoices):
    DRAFT = "draft", "编辑中"
    PUBLISHED = "published", "已出版"
