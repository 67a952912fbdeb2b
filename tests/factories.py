"""Factories for rows used across the tests."""

from __future__ import annotations

import itertools

import factory

from gongkai.orgs.codes import org_code_check_char
from gongkai.orgs.enums import AgencyKind, RegionLevel, Role
from gongkai.orgs.models import Agency, Region, RoleAssignment, Section, User

_codes = itertools.count(10_000_000)


def valid_org_code() -> str:
    body = f"{next(_codes):08d}"
    return body + org_code_check_char(body)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"9{n:05d}")
    name = factory.Sequence(lambda n: f"测试县{n}")
    level = RegionLevel.COUNTY
    parent = None


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"测试机构{n}")
    kind = AgencyKind.DEPARTMENT
    region = factory.SubFactory(RegionFactory)
    code = factory.LazyFunction(valid_org_code)
    department_code = factory.Sequence(lambda n: f"{n % 1000:03d}")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"科室{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "Passw0rd!gk")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def grant(user: User, role: str, agency: Agency | None = None, section: Section | None = None) -> RoleAssignment:
    from gongkai.orgs.permissions import clear_cache

    ra = RoleAssignment.objects.create(user=user, role=role, agency=agency, section=section)
    clear_cache(user)
    return ra


__all__ = ["AgencyFactory", "RegionFactory", "Role", "SectionFactory", "UserFactory", "grant", "valid_org_code"]
