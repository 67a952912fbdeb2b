"""Writes to the catalogue. Every function checks permission, runs in one transaction and audits.

One module per entity: ``items`` (the working copy), ``transition`` (the transition table),
``validation`` (the R2.2 fields), ``disclosure_clock`` (条例 art. 26), ``publication``
(publication, correction, withdrawal), ``redactions``, ``consultations``, ``guides``,
``taxonomy`` (categories and topics), ``selfcheck``, ``bulk_import`` and ``attachments``.
This package re-exports the names its callers use.

The invariant of SPEC R3.1 — nothing is public without a completed review — holds because
the only function that makes an item public (``publish_approved``) is called from the approval
hook of the publication review (``reviews.py``), and the public fields are written nowhere else
except ``item_correct`` (which needs an already published item) and ``item_withdraw``.
"""

from __future__ import annotations

from .attachments import ATTACHMENT_TYPES, _attachment_max_bytes, attachment_add, attachment_remove
from .bulk_import import item_import
from .consultations import (
    CONSULTATION_RULES,
    PUBLIC_CONSULTATION_RULES,
    consultation_answer,
    consultation_rule_key,
    consultation_send,
    consultation_sweep,
)
from .disclosure_clock import DISCLOSURE_RULE, disclosure_clock_backfill
from .guides import GUIDE_FIELDS, guide_save
from .items import get_item_for_update, item_create, item_submit, item_update
from .publication import SEARCH_KIND, item_correct, item_withdraw, publish_approved
from .redactions import redaction_add, redaction_remove
from .selfcheck import item_reopen
from .taxonomy import (
    CATEGORY_ADMIN_ONLY,
    TOPIC_ADMIN_ONLY,
    can_maintain_taxonomy,
    categories_in_order,
    category_create,
    category_move,
    category_or_none,
    category_set_active,
    category_update,
    topic_create,
    topic_or_none,
    topic_set_active,
    topic_update,
    topics_for_staff,
)
from .transition import item_transition
from .validation import ITEM_FIELDS, KEYWORD_RULE, clean_keywords, keyword_limit

__all__ = [
    "ATTACHMENT_TYPES",
    "CATEGORY_ADMIN_ONLY",
    "CONSULTATION_RULES",
    "DISCLOSURE_RULE",
    "GUIDE_FIELDS",
    "ITEM_FIELDS",
    "KEYWORD_RULE",
    "PUBLIC_CONSULTATION_RULES",
    "SEARCH_KIND",
    "TOPIC_ADMIN_ONLY",
    "_attachment_max_bytes",
    "attachment_add",
    "attachment_remove",
    "can_maintain_taxonomy",
    "categories_in_order",
    "category_create",
    "category_move",
    "category_or_none",
    "category_set_active",
    "category_update",
    "clean_keywords",
    "consultation_answer",
    "consultation_rule_key",
    "consultation_send",
    "consultation_sweep",
    "disclosure_clock_backfill",
    "get_item_for_update",
    "guide_save",
    "item_correct",
    "item_create",
    "item_import",
    "item_reopen",
    "item_submit",
    "item_transition",
    "item_update",
    "item_withdraw",
    "keyword_limit",
    "publish_approved",
    "redaction_add",
    "redaction_remove",
    "topic_create",
    "topic_or_none",
    "topic_set_active",
    "topic_update",
    "topics_for_staff",
]
