from django.urls import path

from .views import workflow

urlpatterns = [
    path("", workflow.review_list, name="review_list"),
    path("<int:pk>/", workflow.review_detail, name="review_detail"),
    path("<int:pk>/print/", workflow.review_print, name="review_print"),
    path("<int:pk>/decide/", workflow.review_decide, name="review_decide"),
    path("<int:pk>/resubmit/", workflow.review_resubmit, name="review_resubmit"),
    path("<int:pk>/cancel/", workflow.review_cancel, name="review_cancel"),
    path("<int:pk>/reassign/", workflow.review_reassign, name="review_reassign"),
]
