"""Opinion risk assessment of major decisions (R5.3; 004 附件8 二(二)): filed by the deciding unit,
concluded by its head, complete before it is concluded, unchangeable after; high risk tells the
government's monitors; other units neither see nor change it."""

import datetime as dt

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.notifications.models import Notification
from gongkai.opinion import services as monitoring
from gongkai.opinion.response import risk
from gongkai.opinion.response_models import DecisionRiskAssessment
from gongkai.orgs.enums import Role
from tests.factories import grant

from . import test_response_support as support

world = support.world
pytestmark = pytest.mark.django_db
BASE = "/office/opinion/response/risk/"


def test_edu_files_and_concludes_a_high_risk_assessment_through_the_pages(client, world):
    grant(world.edu_admin, Role.OPINION_MONITOR, world.edu)
    plan = monitoring.plan_create(actor=world.edu_admin, agency=world.edu, name="学区调整", expression="学区 / 划片")
    client.force_login(world.edu_admin)
    response = client.post(
        BASE,
        {
            "agency": world.edu.pk,
            "decision_title": "2027年城区义务教育学区划分调整方案",
            "planned_on": "2027-03-01",
            "methods": ["tracking", "survey", "visits"],
            "findings": "部分家长可能因学区变化不满，存在聚集上访和网络炒作风险。",
            "level": "high",
            "plan": "提前公布征求意见稿；设立咨询电话；发布会说明。",
            "tracking_plan": plan.pk,
        },
    )
    row = DecisionRiskAssessment.objects.get()
    assert response.status_code == 302 and response["Location"] == BASE + f"{row.pk}/"
    assert (row.level, row.methods, row.tracking_plan) == ("high", ["tracking", "survey", "visits"], plan)
    assert row.planned_on == dt.date(2027, 3, 1)
    # high risk needs talking points before it can be concluded
    response = client.post(BASE + f"{row.pk}/conclude/")
    assert response.status_code == 422 and "回应口径" in response.content.decode()
    row.refresh_from_db()
    assert row.status == "draft"
    data = {
        "decision_title": row.decision_title,
        "planned_on": "2027-03-01",
        "methods": ["tracking", "survey", "visits"],
        "findings": row.findings,
        "level": "high",
        "plan": row.plan,
        "talking_points": "学区调整以就近入学为原则，已入学学生不受影响。",
        "tracking_plan": plan.pk,
    }
    assert client.post(BASE + f"{row.pk}/", data).status_code == 302
    assert client.post(BASE + f"{row.pk}/conclude/").status_code == 302
    row.refresh_from_db()
    assert (row.status, row.concluded_by) == ("concluded", world.edu_admin)
    # the county's opinion monitor and news office are told
    told = set(Notification.objects.filter(event="opinion.risk_high").values_list("recipient__username", flat=True))
    assert {world.monitor.username, world.news.username} <= told
    assert AuditEvent.objects.filter(event="opinion.risk_assessment_concluded").count() == 1
    # concluded: shown, no longer editable
    page = client.get(BASE + f"{row.pk}/").content.decode()
    assert "高风险" in page and "已入学学生不受影响" in page and "审定评估" not in page
    with pytest.raises(InvalidTransition):
        risk.risk_assessment_update(actor=world.edu_admin, assessment=row, level="low")
    row.refresh_from_db()
    assert row.level == "high"


def test_other_units_neither_see_nor_change_it(client, world):
    row = risk.risk_assessment_create(actor=world.edu_admin, agency=world.edu, decision_title="学区调整")
    client.force_login(world.town_a_admin)
    assert client.get(BASE + f"{row.pk}/").status_code == 404
    assert "学区调整" not in client.get(BASE).content.decode()
    assert client.post(BASE + f"{row.pk}/", {"decision_title": "改"}).status_code == 404
    assert client.post(BASE + f"{row.pk}/conclude/").status_code == 404
    with pytest.raises(PermissionDenied):
        risk.risk_assessment_create(actor=world.town_a_admin, agency=world.edu, decision_title="x")
    with pytest.raises(PermissionDenied):
        risk.risk_assessment_update(actor=world.town_a_admin, assessment=row, decision_title="改")
    # a staff member of the township without a head's role cannot conclude its own either
    own = risk.risk_assessment_create(
        actor=world.town_a_staff,
        agency=world.town_a,
        decision_title="集镇改造",
        methods=["consultation"],
        findings="风险可控",
        level="low",
        plan="按程序公示",
    )
    with pytest.raises(PermissionDenied):
        risk.risk_assessment_conclude(actor=world.town_a_staff, assessment=own)
    # the county leader (covering the township) can
    risk.risk_assessment_conclude(actor=world.leader, assessment=own)
    row.refresh_from_db()
    assert row.decision_title == "学区调整" and row.status == "draft"


def test_bad_risk_input_is_refused_and_writes_nothing(client, world):
    client.force_login(world.edu_admin)
    response = client.post(BASE, {"agency": world.edu.pk, "decision_title": "", "methods": ["nope"]})
    assert response.status_code == 422 and "errorlist" in response.content.decode()
    response = client.post(BASE, {"agency": world.town_a.pk, "decision_title": "别的单位"})
    assert response.status_code == 422  # not one of the user's units
    grant(world.town_a_admin, Role.OPINION_MONITOR, world.town_a)
    other_plan = monitoring.plan_create(actor=world.town_a_admin, agency=world.town_a, name="甲镇", expression="甲镇")
    with pytest.raises(ValidationFailed, match="监测方案"):
        risk.risk_assessment_create(
            actor=world.edu_admin, agency=world.edu, decision_title="x", tracking_plan=other_plan
        )
    with pytest.raises(ValidationFailed, match="风险等级"):
        risk.risk_assessment_create(actor=world.edu_admin, agency=world.edu, decision_title="x", level="extreme")
    with pytest.raises(ValidationFailed, match="未知字段"):
        risk.risk_assessment_create(actor=world.edu_admin, agency=world.edu, decision_title="x", status="concluded")
    assert not DecisionRiskAssessment.objects.exists()
    # an incomplete one cannot be concluded, and says what is missing
    row = risk.risk_assessment_create(actor=world.edu_admin, agency=world.edu, decision_title="x")
    with pytest.raises(ValidationFailed, match="评估方式、风险预测与研判、风险等级、处置预案"):
        risk.risk_assessment_conclude(actor=world.edu_admin, assessment=row)
    row.refresh_from_db()
    assert row.status == "draft"
