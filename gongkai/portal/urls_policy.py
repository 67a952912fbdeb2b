"""The consultation column (意见征集) and policy pages (under consultations/ and policies/)."""

from django.urls import path

from . import feeds_policy, views_policy

urlpatterns = [
    path("consultations/", views_policy.consultation_list, name="consultation_list"),
    path("policies/interpretations/", views_policy.interpretation_list, name="interpretation_list"),
    path("policies/<int:pk>/", views_policy.policy_page, name="policy"),
    path("policies/<int:pk>/comment/", views_policy.comment, name="policy_comment"),
    path(
        "policies/<int:pk>/hearings/<int:hearing_id>/signup/",
        views_policy.hearing_signup,
        name="policy_hearing_signup",
    ),
    path("feeds/consultations/rss/", feeds_policy.ConsultationRss(), name="feed_consultations_rss"),
    path("feeds/interpretations/rss/", feeds_policy.InterpretationRss(), name="feed_interpretations_rss"),
]
