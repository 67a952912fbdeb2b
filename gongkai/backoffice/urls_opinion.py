"""Back-office URLs of public-opinion monitoring (events, posts, sources, plans, import, aliases)."""

from django.urls import path

from .views import opinion

urlpatterns = [
    path("events/", opinion.event_list, name="opinion_event_list"),
    path("events/<int:pk>/", opinion.event_detail, name="opinion_event"),
    path("events/<int:pk>/status/", opinion.event_action, name="opinion_event_action"),
    path("posts/", opinion.post_list, name="opinion_post_list"),
    path("posts/<int:pk>/", opinion.post_detail, name="opinion_post"),
    path("sources/", opinion.source_list, name="opinion_source_list"),
    path("sources/new/", opinion.source_create, name="opinion_source_create"),
    path("sources/<int:pk>/", opinion.source_detail, name="opinion_source"),
    path("plans/", opinion.plan_list, name="opinion_plan_list"),
    path("plans/new/", opinion.plan_create, name="opinion_plan_create"),
    path("plans/<int:pk>/", opinion.plan_detail, name="opinion_plan"),
    path("import/", opinion.import_file, name="opinion_import"),
    path("aliases/", opinion.alias_list, name="opinion_alias_list"),
]
