"""Audiences named by places, for portal.notifications.notify(recipients=...)."""

from dataclasses import dataclass

from compounds.models import Residency, RoleAssignment


@dataclass(frozen=True)
class Residents:
    """Verified current residents of a compound, some of its buildings, or a community;
    `owners_only` for matters of the owners (a legal notice of an owners' vote)."""

    compound_id: int | None = None
    building_ids: tuple[int, ...] = ()
    community_id: int | None = None
    owners_only: bool = False

    def queryset(self):
        rows = Residency.objects.current().filter(status=Residency.Status.VERIFIED)
        if self.building_ids:
            rows = rows.filter(unit__building_id__in=self.building_ids)
        elif self.compound_id:
            rows = rows.filter(unit__building__compound_id=self.compound_id)
        elif self.community_id:
            rows = rows.filter(unit__building__compound__community_id=self.community_id)
        else:
            raise ValueError("an audience needs a place")
        if self.owners_only:
            rows = rows.filter(relation__in=Residency.OWNER_RELATIONS)
        return rows

    def user_ids(self) -> set[int]:
        return set(self.queryset().values_list("user_id", flat=True))


@dataclass(frozen=True)
class CommunityStaff:
    community_id: int

    def user_ids(self) -> set[int]:
        return set(
            RoleAssignment.objects.current()
            .filter(role=RoleAssignment.Role.COMMUNITY_STAFF, community_id=self.community_id)
            .values_list("user_id", flat=True)
        )
