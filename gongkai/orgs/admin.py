"""Django admin for organisations and people: read-only.

Writes go through the back office, whose services check permissions and
write the audit log; the admin must not bypass that, so here the models can only be viewed.
"""

from django.contrib import admin

from . import permissions
from .models import Agency, Region, RoleAssignment, Section, SecurityPolicy, SignInThrottle, User


class ReadOnlyAdmin(admin.ModelAdmin):
    """View-only for system administrators; no add, change or delete."""

    def has_module_permission(self, request):
        return permissions.is_system_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_system_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["name", "code", "is_active"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "code", "region", "department_code", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["region", "parent"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ["name", "agency", "code", "is_active"]
    search_fields = ["name", "agency__name"]
    list_select_related = ["agency"]


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fields = ["role", "agency", "section"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "full_name", "is_active", "require_two_factor", "locked_until", "last_login"]
    list_filter = ["is_active", "require_two_factor"]
    search_fields = ["username", "full_name", "email"]
    exclude = ["password", "user_permissions", "groups"]
    inlines = [RoleInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "agency", "section"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "agency__name"]
    list_select_related = ["user", "agency", "section"]


@admin.register(SecurityPolicy)
class SecurityPolicyAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "require_two_factor_for_staff", "updated_at"]


@admin.register(SignInThrottle)
class SignInThrottleAdmin(ReadOnlyAdmin):
    """Who is being slowed down at sign-in, from where (lifted per user by "解锁" in the back office)."""

    list_display = ["username", "address", "failures", "last_failure_at", "blocked_until"]
    search_fields = ["username", "address"]
    ordering = ["-last_failure_at"]
