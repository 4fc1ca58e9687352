"""Reads about places and people, scoped to the asking user."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from compounds.models import Compound, Residency, RoleAssignment


def in_term(today=None) -> Q:
    """Rows whose term (start, end) includes `today` (local date)."""
    today = today or timezone.localdate()
    return Q(start__lte=today) & (Q(end__isnull=True) | Q(end__gte=today))


def residencies_of(user) -> list[Residency]:
    return list(
        Residency.objects.filter(in_term(), user=user)
        .select_related("unit__building__compound__community")
        .order_by("start", "pk")
    )


def roles_of(user) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(in_term(), user=user)
        .select_related(
            "building__compound", "compound", "community__street_office", "street_office"
        )
        .order_by("start", "pk")
    )


@dataclass
class Standing:
    """Everything the header and the home page need to know about who the user is here."""

    residencies: list[Residency] = field(default_factory=list)
    roles: list[RoleAssignment] = field(default_factory=list)

    @property
    def compounds(self) -> list[Compound]:
        seen: dict[int, Compound] = {}
        for residency in self.residencies:
            compound = residency.unit.building.compound
            seen.setdefault(compound.pk, compound)
        for role in self.roles:
            compound = role.compound or (role.building.compound if role.building else None)
            if compound is not None:
                seen.setdefault(compound.pk, compound)
        return list(seen.values())

    def role_codes(self) -> set[str]:
        return {role.role for role in self.roles}

    def is_owner(self) -> bool:
        return any(residency.is_owner for residency in self.residencies)


def standing_of(user) -> Standing:
    if not user.is_authenticated:
        return Standing()
    return Standing(residencies=residencies_of(user), roles=roles_of(user))
