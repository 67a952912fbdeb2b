"""Audit event codes of the websites and new-media app (registered in ``WebsitesConfig.ready``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WebsitesEvent(models.TextChoices):
    ACCOUNT_REGISTERED = "websites.account.registered", _("登记政府网站或政务新媒体")
    ACCOUNT_EDITED = "websites.account.edited", _("修改政府网站或政务新媒体登记信息")
    ACCOUNT_CHANGE_REQUESTED = "websites.account.change_requested", _("申请开设、关停或整合")
    ACCOUNT_TRANSITION = "websites.account.transition", _("政府网站或政务新媒体状态变更")
    POSTS_IMPORTED = "websites.posts.imported", _("导入政务新媒体发布内容")
    POST_CORRECTED = "websites.post.corrected", _("更正政府信息判定")
    CHECKS_RUN = "websites.checks.run", _("运行内容检查")
    LINKS_CHECKED = "websites.links.checked", _("检查网站链接")
    FINDING_TRANSITION = "websites.finding.transition", _("问题整改状态变更")
    INSPECTION_SAVED = "websites.inspection.saved", _("保存月度检查人工评分")
