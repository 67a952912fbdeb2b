"""The audit event codes of the oversight app (registered in ``OversightConfig.ready``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OversightEvent(models.TextChoices):
    COURSE_CREATED = "oversight.course.created", _("登记培训课程")
    COURSE_UPDATED = "oversight.course.updated", _("修改培训课程")
    ATTENDANCE_RECORDED = "oversight.attendance.recorded", _("登记培训参训和考试情况")
    ATTENDANCE_IMPORTED = "oversight.attendance.imported", _("导入培训参训记录")
    CASE_OPENED = "oversight.case.opened", _("责任追究立案")
    CASE_TRANSITIONED = "oversight.case.transitioned", _("责任追究案件状态变更")
    CASE_NOTICE_ISSUED = "oversight.case.notice_issued", _("生成责任追究处理通知")
    SURVEY_CREATED = "oversight.survey.created", _("新建社会评议问卷")
    SURVEY_STATUS = "oversight.survey.status", _("社会评议问卷开始或结束")
    SURVEY_ANSWERED = "oversight.survey.answered", _("公众提交社会评议问卷")
    RECTIFICATION_OPENED = "oversight.rectification.opened", _("登记整改事项")
    RECTIFICATION_CLOSED = "oversight.rectification.closed", _("整改事项办结")
    ROUND_COMPUTED = "oversight.assessment.computed", _("测算考核结果")
    MANUAL_SCORE = "oversight.assessment.manual", _("录入人工考核指标")
    ROUND_PUBLISHED = "oversight.assessment.published", _("发布考核结果")
