"""Sitemap of the portal: published items, categories, topics, disclosure guides, main pages."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.catalog import presenters, selectors


class ItemSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 10_000

    def items(self):
        # Only what the sitemap prints (the public filter of ``public_items`` stays).
        return selectors.public_items().select_related(None).only("id", "published_at", "updated_at").order_by("id")

    def location(self, item) -> str:
        return presenters.item_url(item)

    def lastmod(self, item):
        return max(filter(None, [item.published_at, item.updated_at]))


class CategorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return list(selectors.category_list())

    def location(self, category) -> str:
        return reverse("portal:catalog_category", args=[category.code])


class TopicSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return list(selectors.topic_list())

    def location(self, topic) -> str:
        return reverse("portal:catalog_topic", args=[topic.slug])


class GuideSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return list(selectors.public_agency_list())

    def location(self, agency) -> str:
        return reverse("portal:guide", args=[agency.pk])


class PressConferenceSitemap(Sitemap):
    """The 新闻发布会 column's conference pages (approved ones only)."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        from gongkai.press import selectors as press_selectors

        return press_selectors.public_conference_list()

    def location(self, conference) -> str:
        return conference.get_public_url()

    def lastmod(self, conference):
        return conference.updated_at


class PolicySitemap(Sitemap):
    """The 意见征集 column's policy pages (drafts put out for comment, released documents)."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        from gongkai.policy import selectors as policy_selectors

        return policy_selectors.public_policies()

    def location(self, policy) -> str:
        return reverse("portal:policy", args=[policy.pk])

    def lastmod(self, policy):
        return policy.updated_at


class PageSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["portal:home", "portal:catalog", "portal:guide_list", "portal:topic_list"]

    def location(self, name) -> str:
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "items": ItemSitemap,
    "categories": CategorySitemap,
    "topics": TopicSitemap,
    "guides": GuideSitemap,
    "press": PressConferenceSitemap,
    "policies": PolicySitemap,
}
