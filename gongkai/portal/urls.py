from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from . import feeds, views, views_catalog, views_search
from .sitemaps import SITEMAPS

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Disclosure on application (依申请公开): apply online, query the status.
    path("apply/", include("gongkai.portal.urls_foi")),
    path("responses/", include("gongkai.portal.urls_responses")),
    # The press-conference column (新闻发布会), spokespersons, online interviews, their feed.
    path("press/", include("gongkai.portal.urls_press")),
    # Social evaluation (社会评议) and the published assessment results.
    path("surveys/", include("gongkai.portal.urls_oversight")),
    # Consultation column (意见征集), policy pages with their interpretations, their feeds.
    path("", include("gongkai.portal.urls_policy")),
    # Leader mailbox (领导信箱): write, query, rate; the public list.
    path("mailbox/", include("gongkai.portal.urls_interaction")),
    # Annual reports (年度报告栏目) and the government gazette (政府公报).
    path("", include("gongkai.portal.urls_annual")),
    # The directory of official websites and new-media accounts (政务新媒体名录).
    path("accounts/", include("gongkai.portal.urls_websites")),
    # Disclosure guides (公开指南).
    path("guide/", views.guide_list, name="guide_list"),
    path("guide/<int:agency_id>/", views.guide, name="guide"),
    # The catalogue (公开目录).
    path("catalog/", views_catalog.catalog, name="catalog"),
    path("catalog/categories/<str:code>/", views_catalog.catalog_category, name="catalog_category"),
    path("catalog/agencies/<int:agency_id>/", views_catalog.catalog_agency, name="catalog_agency"),
    path("catalog/topics/", views_catalog.topic_list, name="topic_list"),
    path("catalog/topics/<slug:slug>/", views_catalog.catalog_topic, name="catalog_topic"),
    path("catalog/items/<int:item_id>/", views_catalog.item_detail, name="item"),
    path("catalog/items/<int:item_id>/print/", views_catalog.item_print, name="item_print"),
    path(
        "catalog/items/<int:item_id>/attachments/<int:attachment_id>/",
        views_catalog.attachment_download,
        name="attachment",
    ),
    path("catalog/export.xlsx", views_catalog.export_xlsx, name="export"),
    # Search.
    path("search", views_search.search_page, name="search"),
    path("search/", views_search.search_page),
    # Feeds and sitemap.
    path("feeds/latest/rss/", feeds.LatestRss(), name="feed_latest_rss"),
    path("feeds/latest/atom/", feeds.LatestAtom(), name="feed_latest_atom"),
    path("feeds/agencies/<int:agency_id>/rss/", feeds.AgencyRss(), name="feed_agency_rss"),
    path("feeds/agencies/<int:agency_id>/atom/", feeds.AgencyAtom(), name="feed_agency_atom"),
    path("feeds/categories/<str:code>/rss/", feeds.CategoryRss(), name="feed_category_rss"),
    path("feeds/categories/<str:code>/atom/", feeds.CategoryAtom(), name="feed_category_atom"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
]
