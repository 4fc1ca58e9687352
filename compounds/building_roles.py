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
