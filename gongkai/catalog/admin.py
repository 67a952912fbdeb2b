"""Django admin for the catalogue: read-only (SPEC R3.1).

Nothing may be published, numbered or edited here: every write goes through the back office
(its catalogue pages), whose services check permissions, run the review and write the audit
log. The admin only lets system administrators look.
"""

from django.contrib import admin

from gongkai.orgs import permissions

from .models import (
    Attachment,
    Category,
    Consultation,
    DisclosureGuide,
    IndexCounter,
    InformationItem,
    ItemVersion,
    Redaction,
    Topic,
)


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


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class VersionInline(ReadOnlyInline):
    model = ItemVersion
    fields = ["number", "reason", "created_by", "created_at"]


class RedactionInline(ReadOnlyInline):
    model = Redaction
    fields = ["passage", "ground", "note", "created_by", "created_at"]


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["name", "size", "content_type", "is_public"]


class ConsultationInline(ReadOnlyInline):
    model = Consultation
    fields = ["kind", "party_name", "sent_on", "due_on", "answer", "answered_on"]
    readonly_fields = fields  # due_on comes from the consultation's clock


@admin.register(InformationItem)
class InformationItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency", "status", "index_number", "produced_on", "published_at", "version"]
    list_filter = ["status", "attribute", "category"]
    search_fields = ["title", "document_number", "index_number"]
    list_select_related = ["agency", "category"]
    inlines = [VersionInline, RedactionInline, ConsultationInline, AttachmentInline]


@admin.register(ItemVersion)
class ItemVersionAdmin(ReadOnlyAdmin):
    list_display = ["item", "number", "reason", "created_by", "created_at"]
    list_select_related = ["item", "created_by"]


@admin.register(Redaction)
class RedactionAdmin(ReadOnlyAdmin):
    list_display = ["item", "ground", "created_by", "created_at"]
    list_select_related = ["item", "created_by"]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ["item", "kind", "party_name", "sent_on", "due_on", "answer"]
    list_filter = ["kind", "answer"]
    list_select_related = ["item", "deadline"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["item", "name", "size", "is_public"]
    list_select_related = ["item"]


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "order", "is_active"]


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdmin):
    list_display = ["slug", "name", "is_active"]


@admin.register(DisclosureGuide)
class DisclosureGuideAdmin(ReadOnlyAdmin):
    list_display = ["agency", "office_name", "phone", "updated_at"]
    list_select_related = ["agency"]


@admin.register(IndexCounter)
class IndexCounterAdmin(ReadOnlyAdmin):
    list_display = ["scope", "last"]
