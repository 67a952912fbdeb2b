"""Signed checkpoints of the chain's head: deleting the newest rows is detected (issue 9)."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from gongkai.audit import checkpoints
from gongkai.audit.chain import verify_chain
from gongkai.audit.models import AuditCheckpoint, AuditEvent
from gongkai.audit.services import audit_log
from gongkai.core import periodic

pytestmark = pytest.mark.django_db


def _events(department, n=5):
    return [audit_log(actor=None, event="orgs.agency.updated", target=department, data={"i": i}) for i in range(n)]


def _delete_rows(*, seq_above: int) -> None:
    """What someone with database access does: raw SQL, past the model's guards."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq > %s", [seq_above])


def _delete_checkpoint_rows() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditcheckpoint")


def test_without_anchors_the_chain_alone_misses_a_cut_at_the_head(department):
    # This is the defect: a shorter chain is still perfectly linked.
    _events(department)
    _delete_rows(seq_above=3)
    assert verify_chain().ok


def test_deleting_the_newest_rows_fails_verification(department):
    # given a verified chain (verification anchors the head)
    _events(department)
    call_command("audit_verify")
    assert AuditCheckpoint.objects.get().head_seq == 5
    # when the two newest rows are deleted
    _delete_rows(seq_above=3)
    # then
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify")
    message = str(excinfo.value)
    assert "审计记录被截断" in message
    assert "链头曾在序号 5" in message and "现在只到序号 3" in message
    assert "最新的 2 条记录已被删除" in message


def test_deleting_rows_and_the_checkpoint_table_is_still_caught_by_the_file(department):
    _events(department)
    checkpoints.checkpoint_write()
    _delete_rows(seq_above=2)
    _delete_checkpoint_rows()
    result = checkpoints.verify_all()
    assert not result.ok
    assert "锚点文件记录显示链头曾在序号 5" in result.reason


def test_deleting_the_file_is_reported(department):
    _events(department)
    checkpoints.checkpoint_write()
    Path(checkpoints.checkpoint_file()).unlink()
    result = checkpoints.verify_all()
    assert not result.ok
    assert "锚点文件" in result.reason and "缺失" in result.reason


def test_a_forged_checkpoint_is_refused(department):
    # given someone who lowers the file's head to hide a deletion, without the key
    _events(department)
    checkpoints.checkpoint_write()
    _delete_rows(seq_above=3)
    _delete_checkpoint_rows()
    path = Path(checkpoints.checkpoint_file())
    item = json.loads(path.read_text().splitlines()[0])
    item["head_seq"] = 3
    item["head_hash"] = AuditEvent.objects.get(seq=3).hash
    path.write_text(json.dumps(item) + "\n")
    # then
    result = checkpoints.verify_all()
    assert not result.ok
    assert "签名无效" in result.reason


def test_another_key_invalidates_the_checkpoints(department, settings):
    _events(department, 2)
    checkpoints.checkpoint_write()
    settings.AUDIT_CHECKPOINT_KEY = "another-key"
    assert "签名无效" in checkpoints.verify_all().reason


def test_an_intact_chain_with_checkpoints_verifies_and_an_unmoved_head_is_not_rewritten(department):
    _events(department, 3)
    first = checkpoints.checkpoint_write()
    assert first is not None
    assert checkpoints.checkpoint_write() is None  # head unchanged: nothing new
    _events(department, 2)
    assert checkpoints.checkpoint_write().head_seq == 5
    result = checkpoints.verify_all()
    assert result.ok and result.checked == 5 and result.anchors_checked == 4
    assert len(Path(checkpoints.checkpoint_file()).read_text().splitlines()) == 2


def test_the_periodic_job_writes_a_checkpoint(department, settings):
    _events(department, 2)
    assert "audit-checkpoint" in settings.PERIODIC_JOBS
    assert periodic.run_job("gongkai.audit.tasks.write_checkpoint") == {"written": True, "head_seq": 2}


def test_the_verify_page_reports_the_truncation_in_chinese(client, sysadmin, department):
    _events(department)
    client.force_login(sysadmin)
    assert "审计链完好" in client.post(reverse("backoffice:audit_verify")).content.decode()
    _delete_rows(seq_above=3)
    page = client.post(reverse("backoffice:audit_verify")).content.decode()
    assert "审计链校验失败" in page
    assert "审计记录被截断" in page


def test_the_api_reports_the_truncation(client, sysadmin, department):
    _events(department)
    checkpoints.checkpoint_write()
    _delete_rows(seq_above=4)
    client.force_login(sysadmin)
    body = client.get("/api/v1/audit/verify").json()
    assert body["ok"] is False and body["broken_seq"] == 5
    assert "审计记录被截断" in body["reason"]
