"""Back-office URLs for organisations and people (names used by gongkai/backoffice/nav.py)."""

from django.urls import path

from .views import orgs

urlpatterns = [
    path("regions/", orgs.region_list, name="region_list"),
    path("regions/new/", orgs.region_create, name="region_create"),
    path("regions/<int:pk>/edit/", orgs.region_edit, name="region_edit"),
    path("agencies/", orgs.agency_list, name="agency_list"),
    path("agencies/new/", orgs.agency_create, name="agency_create"),
    path("agencies/<int:pk>/", orgs.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", orgs.agency_edit, name="agency_edit"),
    path("agencies/<int:pk>/active/", orgs.agency_set_active, name="agency_set_active"),
    path("sections/", orgs.section_list, name="section_list"),
    path("sections/new/", orgs.section_create, name="section_create"),
    path("sections/<int:pk>/edit/", orgs.section_edit, name="section_edit"),
    path("people/", orgs.user_list, name="user_list"),
    path("people/new/", orgs.user_create, name="user_create"),
    path("people/<int:pk>/", orgs.user_detail, name="user_detail"),
    path("people/<int:pk>/edit/", orgs.user_edit, name="user_edit"),
    path("people/<int:pk>/password/", orgs.user_password, name="user_password"),
    path("people/<int:pk>/active/", orgs.user_set_active, name="user_set_active"),
    path("people/<int:pk>/unlock/", orgs.user_unlock, name="user_unlock"),
    path("people/<int:pk>/two-factor/reset/", orgs.user_reset_two_factor, name="user_reset_two_factor"),
    path("people/<int:pk>/roles/", orgs.role_grant, name="role_grant"),
    path("roles/<int:pk>/revoke/", orgs.role_revoke, name="role_revoke"),
    path("import/", orgs.org_import, name="org_import"),
    path("import/template.xlsx", orgs.org_import_template, name="org_import_template"),
    path("security/", orgs.security_policy, name="security_policy"),
]
