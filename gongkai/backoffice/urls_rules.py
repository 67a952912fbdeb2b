from django.urls import path

from .views import rules

urlpatterns = [
    path("", rules.rule_list, name="rule_list"),
    path("new/", rules.rule_create, name="rule_create"),
    path("<int:pk>/edit/", rules.rule_edit, name="rule_edit"),
    path("<int:pk>/end/", rules.rule_end, name="rule_end"),
    path("calendar/", rules.calendar, name="calendar"),
    path("calendar/enter/", rules.calendar_enter, name="calendar_enter"),
    path("calendar/days/new/", rules.calendar_day_create, name="calendar_day_create"),
    path("calendar/days/<int:pk>/edit/", rules.calendar_day_edit, name="calendar_day_edit"),
    path("calendar/days/<int:pk>/delete/", rules.calendar_day_delete, name="calendar_day_delete"),
    path("deadline/", rules.deadline_calculator, name="deadline_calculator"),
]
