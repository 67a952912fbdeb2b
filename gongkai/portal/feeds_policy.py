"""RSS feeds of the consultation column and of policy interpretations."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.policy import selectors

FEED_SIZE = 30


class ConsultationRss(Feed):
    title = _("意见征集")
    description = _("公开征求意见的政策文件草案及其采纳情况。")

    def link(self):
        return reverse("portal:consultation_list")

    def items(self):
        return selectors.public_policies()[:FEED_SIZE]

    def item_title(self, p) -> str:
        return p.title

    def item_description(self, p) -> str:
        period = ""
        if p.consultation_starts_on:
            period = f"{p.consultation_starts_on:%Y-%m-%d} 至 {p.consultation_ends_on:%Y-%m-%d}"
        return f"{p.agency.name}　{p.get_state_display()}　{period}\n{p.explanation[:300]}"

    def item_link(self, p) -> str:
        return reverse("portal:policy", args=[p.pk])

    def item_pubdate(self, p):
        return p.created_at


class InterpretationRss(Feed):
    title = _("政策解读")
    description = _("与政策文件同步发布的解读及后续解读。")

    def link(self):
        return reverse("portal:interpretation_list")

    def items(self):
        return selectors.public_interpretations_all()[:FEED_SIZE]

    def item_title(self, i) -> str:
        return i.title

    def item_description(self, i) -> str:
        return f"{i.get_form_display()}　{i.policy.title}\n{i.body[:300]}"

    def item_link(self, i) -> str:
        return reverse("portal:policy", args=[i.policy_id]) + f"#interpretation-{i.pk}"

    def item_pubdate(self, i):
        return i.published_at
