from django.db.models import QuerySet

from gongkai.orgs.permissions import is_system_admin

from .enums import Channel, Status
from .models import ExternalMessage, Notification


def notification_list_for(user) -> QuerySet[Notification]:
    """The user's own in-app notifications."""
    return Notification.objects.filter(recipient=user, channel=Channel.IN_APP)


def unread_count_for(user) -> int:
    return notification_list_for(user).filter(read_at__isnull=True).count()


def outbox_list_visible_to(user, *, status: str | None = None) -> QuerySet[Notification]:
    """E-mail outbox: everything for system administrators, one's own otherwise."""
    qs = Notification.objects.filter(channel=Channel.EMAIL).select_related("recipient")
    if not is_system_admin(user):
        qs = qs.filter(recipient=user)
    if status in Status.values:
        qs = qs.filter(status=status)
    return qs


def external_messages_for(address_ref: str) -> QuerySet[ExternalMessage]:
    """Messages queued to one contact reference (e.g. an applicant), oldest first; the caller
    decides who may see them."""
    return ExternalMessage.objects.filter(address_ref=address_ref).order_by("created_at", "id")
