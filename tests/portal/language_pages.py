"""Pages of the demo that no persona's link leads to, for the language walk
(test_language.py): 庆丰小区's campaign as its collector and as an owner still to answer
see it (the personas live in 翡翠谷)."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from finance.models import Campaign

COLLECTOR, OWNER = "+8613950000304", "+8613950001202"
# The apps whose stored Chinese values are data, shown as entered in every language.
DATA_APPS = ("compounds", "requests", "deliberation", "portal", "finance", "community")


def campaign_pages(client_for) -> dict[str, list[str] | None]:
    from tests.portal.test_language import _page

    campaign = Campaign.objects.get(compound__name="庆丰小区")
    urls = [
        reverse("finance:campaigns", args=[campaign.compound_id]),
        reverse("finance:campaign", args=[campaign.pk]),
        reverse("finance:campaign_pay", args=[campaign.pk]),
    ]
    pages = {}
    for phone in (COLLECTOR, OWNER):
        viewer = client_for(get_user_model().objects.get(phone=phone))
        for url in urls:
            pages[f"{phone} {url}"] = _page(viewer, "get", url)
    return pages


def roster_pages(client_for, user, compound, language: str) -> dict[str, list[str] | None]:
    """The duty roster's forms, as the branch secretary opens them, and the community
    page's section of the roster (community:hub, the teams area's page, renders it)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from community.hub import sections_for
    from community.models import Station
    from tests.portal.test_language import _page, _texts

    secretary = client_for(get_user_model().objects.get(phone="+8613800000004"))
    station = Station.objects.get(compound=compound)
    pages = {}
    for url in (
        reverse("community:roster_new_station", args=[compound.pk]),
        reverse("community:roster_new_shift", args=[station.pk]),
    ):
        pages[f"04 {url}"] = _page(secretary, "get", url)
    with translation.override(language):
        for section in sections_for(user, compound):
            pages[section["template"]] = _texts(render_to_string(section["template"], section))
    return pages
