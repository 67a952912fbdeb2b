"""Back-office pages of disclosure on application (依申请公开).

Views parse input, call ``gongkai.foi.services`` / ``selectors`` and show ``DomainError.message``;
a refused action re-renders the case page with the message and changes nothing.

The package, by page group: ``common`` (constants and helpers), ``applications`` (list,
registration), ``case`` (the case page and its actions), ``case_actions`` (the case page's other
forms), ``drafting`` (reply drafting, downloads), ``profile`` (the agency's letter settings) and
``statistics`` (annual statistics, dashboard). This module re-exports the views, so
``backoffice/urls_foi.py`` keeps routing to ``foi.<view>``.
"""

from .applications import application_list, application_register
from .case import application_act, application_clock, application_detail, application_personal
from .case_actions import (
    appeal_save,
    applicant_message_retry,
    consultation_answer,
    extension_request,
    fee_receipt,
    mass_delay,
    mass_mark,
    repeat_link,
)
from .drafting import attachment_download, letter_download, reply_draft
from .profile import agency_profile
from .statistics import annual_statistics, annual_statistics_xlsx, dashboard

__all__ = [
    "agency_profile",
    "annual_statistics",
    "annual_statistics_xlsx",
    "appeal_save",
    "applicant_message_retry",
    "application_act",
    "application_clock",
    "application_detail",
    "application_list",
    "application_personal",
    "application_register",
    "attachment_download",
    "consultation_answer",
    "dashboard",
    "extension_request",
    "fee_receipt",
    "letter_download",
    "mass_delay",
    "mass_mark",
    "repeat_link",
    "reply_draft",
]
