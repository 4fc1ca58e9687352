"""The default category set, used where a compound has not set its own. Utilities (water,
power up to the meter) are the utility company's job: the hotline is shown to the resident.

The default names are stored in Chinese, as the compounds see them in the admin; they are
shown in the reader's language through LABELS, by code. A compound's own categories are
shown as typed."""

from django.utils.translation import gettext_lazy as _

DEFAULT_CATEGORIES = [
    # (code, name, route, hotline)
    ("lighting", "照明", "property", ""),
    ("drainage", "下水道/排污", "property", ""),
    ("water", "供水", "utility", "96166"),
    ("power", "供电", "utility", "95598"),
    ("elevator", "电梯", "property", ""),
    ("road", "道路/井盖", "property", ""),
    ("fire", "消防", "property", ""),
    ("access", "门禁/监控", "property", ""),
    ("sanitation", "环境卫生", "property", ""),
    ("greenery", "绿化", "property", ""),
    ("parking", "停车", "property", ""),
    ("noise", "噪音/油烟", "housing_officer", ""),
    ("other", "其他", "property", ""),
]

# What the default categories are called in the reader's language (English source text).
LABELS = {
    "lighting": _("Lighting"),
    "drainage": _("Drains and sewage"),
    "water": _("Water supply"),
    "power": _("Power supply"),
    "elevator": _("Lifts"),
    "road": _("Roads and manhole covers"),
    "fire": _("Fire safety"),
    "access": _("Entry gates and cameras"),
    "sanitation": _("Cleaning and sanitation"),
    "greenery": _("Greenery"),
    "parking": _("Parking"),
    "noise": _("Noise and cooking fumes"),
    "other": _("Other"),
}
DEFAULT_NAMES = {code: name for code, name, _route, _hotline in DEFAULT_CATEGORIES}


def ensure_default_categories() -> None:
    from django.apps import apps

    Category = apps.get_model("repair_requests", "Category")  # noqa: N806 (models imports this)

    for order, (code, name, route, hotline) in enumerate(DEFAULT_CATEGORIES):
        Category.objects.get_or_create(
            compound=None,
            code=code,
            defaults={"name": name, "route": route, "hotline": hotline, "order": order},
        )
