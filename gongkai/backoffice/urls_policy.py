"""Back-office URLs of the policy lifecycle (under /office/policy/)."""

from django.urls import path

from .views import policy

urlpatterns = [
    path("", policy.policy_list, name="policy_list"),
    path("new/", policy.policy_create, name="policy_create"),
    path("<int:pk>/", policy.policy_detail, name="policy_detail"),
    path("<int:pk>/<slug:action>/", policy.policy_act, name="policy_act"),
    path("experts/", policy.expert_list, name="policy_expert_list"),
    path("experts/<int:pk>/contact/", policy.expert_contact, name="policy_expert_contact"),
]
