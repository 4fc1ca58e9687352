"""Pages of the demo that no persona's link leads to, for the language walk
(test_language.py): 庆丰小区's campaign as its collector and as an owner still to answer
see it (the personas live in 翡翠谷)."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from finance.models import Campaign

COLLECTOR, OWNER = "+8613950000304", "+8613950001202"


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
