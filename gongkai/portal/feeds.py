"""RSS 2.0 and Atom feeds of the public catalogue: the whole catalogue, per agency, per category."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from gongkai.catalog import presenters, selectors

from .params import category_get, parse_id

FEED_SIZE = 30


class _ItemFeed(Feed):
    """Items of a public item list; subclasses say which list."""

    def item_title(self, item) -> str:
        return item.public_title

    def item_description(self, item) -> str:
        number = presenters.document_number(item)
        head = "　".join(filter(None, [item.index_number, number, item.agency.name]))
        return f"{head}\n{presenters.summary(item)}"

    def item_link(self, item) -> str:
        return presenters.item_url(item)

    def item_guid(self, item) -> str:
        return item.index_number or str(item.pk)

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(filter(None, [item.published_at, item.updated_at]))

    def item_author_name(self, item) -> str:
        return item.agency.name

    def item_categories(self, item):
        return [item.category.name]


class LatestRss(_ItemFeed):
    def title(self) -> str:
        return _("政府信息公开目录：最新公开")

    def link(self) -> str:
        return reverse("portal:catalog")

    def description(self) -> str:
        return _("最新主动公开的政府信息。")

    def items(self):
        return selectors.public_items()[:FEED_SIZE]


class LatestAtom(LatestRss):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()


class AgencyRss(_ItemFeed):
    def get_object(self, request, agency_id):
        agency_id = parse_id(agency_id)
        agency = selectors.public_agency_get(agency_id) if agency_id else None
        if agency is None:
            raise Http404(_("没有该发布机构。"))
        return agency

    def title(self, obj) -> str:
        return _("%(name)s政府信息公开目录") % {"name": obj.name}

    def link(self, obj) -> str:
        return reverse("portal:catalog_agency", args=[obj.pk])

    def description(self, obj) -> str:
        return _("%(name)s最新主动公开的政府信息。") % {"name": obj.name}

    def items(self, obj):
        return selectors.public_item_list(agency=obj.pk)[:FEED_SIZE]


class AgencyAtom(AgencyRss):
    feed_type = Atom1Feed

    def subtitle(self, obj) -> str:
        return self.description(obj)


class CategoryRss(_ItemFeed):
    def get_object(self, request, code):
        category = category_get(code)
        if category is None:
            raise Http404(_("没有该信息分类。"))
        return category

    def title(self, obj) -> str:
        return _("政府信息公开目录：%(name)s") % {"name": obj.name}

    def link(self, obj) -> str:
        return reverse("portal:catalog_category", args=[obj.code])

    def description(self, obj) -> str:
        return obj.description or obj.name

    def items(self, obj):
        return selectors.public_item_list(category=obj.code)[:FEED_SIZE]


class CategoryAtom(CategoryRss):
    feed_type = Atom1Feed

    def subtitle(self, obj) -> str:
        return self.description(obj)
