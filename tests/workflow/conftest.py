"""A test-only review template over organisation sections, and the people who act on it."""

import pytest

from gongkai.orgs.enums import Role
from gongkai.workflow import registry
from gongkai.workflow.registry import DataField, ReviewTemplate, StepSpec
from tests.factories import SectionFactory, UserFactory, grant
from tests.workflow.registry_helpers import unregister

TEMPLATE_KEY = "test.section_publication"
SINGLE_KEY = "test.single_office_check"


CONCLUSIONS = [("public", "可以公开"), ("partial", "部分公开"), ("withhold", "不予公开")]


def make_template(**overrides) -> ReviewTemplate:
    """Draft → section head → disclosure office re-check (复核) → leader in charge."""
    options = {
        "key": TEMPLATE_KEY,
        "name": "信息发布审查（测试）",
        "steps": [
            StepSpec("section", "科室负责人审核", roles=[Role.SECTION_HEAD, Role.UNIT_ADMIN]),
            StepSpec(
                "office",
                "政务公开办复核",
                roles=[Role.DISCLOSURE_OFFICE_STAFF, Role.DISCLOSURE_OFFICE_HEAD],
                agency=registry.government_of_review,
                fields=[DataField("conclusion", "保密审查结论", choices=CONCLUSIONS)],
            ),
            StepSpec("leader", "分管负责同志审批", roles=[Role.LEADER], agency=registry.government_of_review),
        ],
    }
    options.update(overrides)
    return ReviewTemplate(**options)


@pytest.fixture
def template():
    tpl = registry.register(make_template())
    yield tpl
    unregister(TEMPLATE_KEY)


@pytest.fixture
def single_template():
    """One step, decided in the department itself by the disclosure office staff role."""
    tpl = registry.register(
        ReviewTemplate(
            key=SINGLE_KEY,
            name="公开办单步复核（测试）",
            steps=[StepSpec("office", "政务公开办复核", roles=[Role.DISCLOSURE_OFFICE_STAFF])],
        )
    )
    yield tpl
    unregister(SINGLE_KEY)


@pytest.fixture
def other_section(department):
    return SectionFactory(agency=department, name="财务科")


@pytest.fixture
def submitter(department):
    user = UserFactory(username="drafter", full_name="起草人", email="drafter@example.org")
    grant(user, Role.SUB_USER, department)
    return user


@pytest.fixture
def section_head(department):
    user = UserFactory(username="head", full_name="科长", email="head@example.org")
    grant(user, Role.SECTION_HEAD, department)
    return user


@pytest.fixture
def leader(county_gov):
    user = UserFactory(username="leader", full_name="分管领导", email="leader@example.org")
    grant(user, Role.LEADER, county_gov)
    return user


@pytest.fixture
def other_head(other_department):
    """Holds the right role, but in another unit."""
    user = UserFactory(username="otherhead", full_name="他单位科长")
    grant(user, Role.SECTION_HEAD, other_department)
    return user
