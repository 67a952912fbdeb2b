import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from gongkai.audit.chain import verify_chain
from gongkai.audit.models import AuditEvent
from gongkai.audit.services import audit_log


def _drop_update_trigger():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_update")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_update ON audit_auditevent")


@pytest.mark.django_db
def test_events_form_a_verifiable_chain(unit_admin, department):
    # given
    first = audit_log(
        actor=unit_admin, event="agency.updated", target=department, data={"old": {"name": "a"}, "new": {"name": "b"}}
    )
    second = audit_log(actor=None, event="system.sweep", data={"n": 3})
    # then
    assert second.seq == first.seq + 1
    assert second.prev_hash == first.hash
    assert first.agency_id == department.pk
    assert first.actor_repr == "unitadmin"
    assert second.actor_repr == "system"
    result = verify_chain()
    assert result.ok and result.checked == AuditEvent.objects.count()


@pytest.mark.django_db
def test_orm_refuses_update_and_delete(department):
    event = audit_log(actor=None, event="x", target=department)
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()
    with pytest.raises(RuntimeError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_database_trigger_refuses_update(department):
    event = audit_log(actor=None, event="x", target=department)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET event = 'y' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).event == "x"


@pytest.mark.django_db
def test_audit_verify_names_the_first_altered_row(department):
    # given three events, the second altered behind the application's back
    events = [audit_log(actor=None, event=f"e{i}", target=department, data={"i": i}) for i in range(3)]
    call_command("audit_verify")  # intact chain passes
    _drop_update_trigger()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET data = %s WHERE id = %s", ['{"i": 99}', events[1].pk])
    # when / then
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify")
    assert f"序号 {events[1].seq}" in str(excinfo.value)


@pytest.mark.django_db
def test_events_survive_the_deletion_of_their_actor(unit_admin, department):
    event = audit_log(actor=unit_admin, event="agency.updated", target=department)
    unit_admin.role_assignments.all().delete()
    unit_admin.delete()
    kept = AuditEvent.objects.get(pk=event.pk)
    assert kept.actor_repr == "unitadmin"
    assert verify_chain().ok
