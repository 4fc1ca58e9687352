"""The default building role set (两长四员), used where a community has not set its own."""

from django.utils.translation import gettext_lazy as _

DEFAULT_BUILDING_ROLES = [
    ("building_head", _("building head")),
    ("party_group_leader", _("party group leader")),
    ("sanitation_officer", _("sanitation officer")),
    ("culture_officer", _("culture and sports officer")),
    ("security_officer", _("security officer")),
    ("housing_officer", _("housing officer")),
]

DEFAULT_LABELS = dict(DEFAULT_BUILDING_ROLES)


def ensure_default_kinds() -> None:
    """Create the default role set if it is missing (migration 0002 does it once; a test
    database flushed between transactional tests needs it again)."""
    from compounds.migrations_data import DEFAULT_KIND_ROWS
    from compounds.models import BuildingRoleKind

    for order, (code, name) in enumerate(DEFAULT_KIND_ROWS):
        BuildingRoleKind.objects.get_or_create(
            community=None, code=code, defaults={"name": name, "order": order}
        )
