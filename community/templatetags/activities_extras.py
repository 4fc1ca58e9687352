"""Per-row words of the activity lists in one filter call (a {% blocktranslate %} per row
costs more than the rest of the row; see docs/architecture.md, street scale)."""

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def places(activity) -> str:
    """How full it is: "2 of 12 places taken", "5 signed up" or "No sign-up needed"."""
    if not activity.needs_signup:
        return gettext("No sign-up needed")
    if activity.capacity:
        return gettext("%(n)s of %(total)s places taken") % {
            "n": activity.confirmed_count,
            "total": activity.capacity,
        }
    return gettext("%(n)s signed up") % {"n": activity.confirmed_count}
