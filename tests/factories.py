"""Factories for every model; tests build their objects here, never from JSON dumps."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from compounds import models as c
from compounds.services import ensure_default_kinds

PASSWORD = "correct-horse-电池"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("phone",)
        skip_postgeneration_save = True

    # 136…: no persona or fixed test number uses it, so a long run never reaches one of
    # theirs (get_or_create would hand back that person and reset their password).
    phone = factory.Sequence(lambda n: f"+86136{n:08d}")
    display_name = factory.Sequence(lambda n: f"居民{n}")
    phone_verified = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StreetOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.StreetOffice

    city = "恩施市"
    name = factory.Sequence(lambda n: f"测试{n}街道")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.Community

    street_office = factory.SubFactory(StreetOfficeFactory)
    name = factory.Sequence(lambda n: f"测试{n}社区")


class CompoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.Compound

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"测试{n}小区")


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.Building

    compound = factory.SubFactory(CompoundFactory)
    name = factory.Sequence(lambda n: f"{n + 1}号楼")  # never a fixture's "18栋"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.Unit

    building = factory.SubFactory(BuildingFactory)
    entrance = "1单元"
    floor = 3
    door = factory.Sequence(lambda n: f"{n + 101}")
    area = Decimal("89.50")


class ResidencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.Residency

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    relation = c.Residency.Relation.OWNER
    status = c.Residency.Status.VERIFIED
    start = date(2024, 1, 1)


class PropertyCompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.PropertyCompany

    name = factory.Sequence(lambda n: f"测试{n}物业公司")


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = c.RoleAssignment.Role.VOLUNTEER
    start = date(2024, 1, 1)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.Body

    kind = c.Body.Kind.OWNERS_COMMITTEE
    compound = factory.SubFactory(CompoundFactory)
    term_number = 1
    start = date(2024, 1, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.Membership

    body = factory.SubFactory(BodyFactory)
    user = factory.SubFactory(UserFactory)
    position = c.Membership.Position.MEMBER
    start = date(2024, 1, 1)


def role_kind(code: str) -> c.BuildingRoleKind:
    ensure_default_kinds()
    return c.BuildingRoleKind.objects.get(community__isnull=True, code=code)


class BuildingRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.BuildingRole

    building = factory.SubFactory(BuildingFactory)
    kind = factory.LazyFunction(lambda: role_kind("building_head"))
    holder = factory.SubFactory(UserFactory)
    start = date(2024, 1, 1)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.Commitment

    compound = factory.SubFactory(CompoundFactory)
    member = factory.SubFactory(UserFactory)
    month = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    text = "每周清理一次楼道杂物"
