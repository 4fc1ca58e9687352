"""Template filters of the facilities register: a row in one call (the register shows
fifty rows a page; per-row includes and variables cost more than the rest of the page —
see docs/architecture.md, street scale)."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from community.models import Facility
from community.models.facilities import Condition
from portal.templatetags.portal_extras import path

register = template.Library()
_LABELS: dict[tuple, str] = {}


def _label(choices, value: str) -> str:
    """A choice's label in the current language, translated once per process and language
    (a model's get_FOO_display builds a dict of all choices on every call)."""
    key = (get_language(), choices, value)
    label = _LABELS.get(key)
    if label is None:
        label = _LABELS[key] = str(dict(choices.choices).get(value, value))
    return label


@register.filter
def condition_badge(item) -> str:
    """A facility's or a check's condition as its coloured badge."""
    return format_html(
        '<span class="condition condition-{}">{}</span>',
        item.condition,
        _label(Condition, item.condition),
    )


@register.filter
def facility_row(f) -> str:
    """A row of the register: kind and code (its link), where it is, and its condition
    with the day it was last checked — or, retired, the day and the reason."""
    where = " ".join(part for part in (f.building.name if f.building else "", f.place) if part)
    if f.zone:
        where = f"{where} · {f.zone.name}"
    if f.retired_at:
        state = format_html(
            '<span data-testid="retired-row"><span class="tag">{}</span> {} · {}</span>',
            gettext("Retired"),
            _day(f.retired_at),
            f.retired_reason,
        )
    else:
        state = format_html("<span>{}{}</span>", condition_badge(f), _checked(f))
    return format_html(
        '<a class="big-link" href="{}"><strong>{} {}</strong></a>\n    <span>{}</span>\n    {}',
        path(f.pk, "community:facility"),
        _label(Facility.Kind, f.kind),
        f.code,
        where,
        state,
    )


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d")


def _checked(f) -> str:
    checked = ""
    if f.checked_at:
        checked = format_html(' <small class="muted">{}</small>', _day(f.checked_at))
    return checked
