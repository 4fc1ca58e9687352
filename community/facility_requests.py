"""Requests about facilities, registered with the requests app in CommunityConfig.ready
(requests imports no app above it): the QR sticker's `?about=facility:<id>` fills in the
filing form and links the filed request to the facility (a retired one's says it is
retired, and no request can be about it); a request's page names the facility it is
about."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from community.models import Facility, FacilityRequest
from community.permissions.facilities import may_see
from community.services.facilities import facility_attach, retired_refusal
from community.services.facility_surveys import CATEGORY_OF_KIND
from requests.presets import Preset
from requests.queries import categories_for


def facility_preset(user, facility_id: int) -> Preset | None:
    facility = (
        Facility.objects.select_related("compound__community__street_office", "building")
        .filter(pk=facility_id)
        .first()
    )
    if facility is None or not may_see(user, facility.compound):
        return None
    where = facility.place or (facility.building.name if facility.building else "")
    label = f"{facility}（{where}）" if where else str(facility)
    code = CATEGORY_OF_KIND.get(facility.kind, "other")
    if code not in {c.code for c in categories_for(facility.compound)}:
        code = "other"
    return Preset(
        token=f"facility:{facility.pk}",
        compound_id=facility.compound_id,
        label=label,
        building_id=facility.building_id,
        place=(facility.place or _("at %(facility)s") % {"facility": facility})[:100],
        category_code=code,
        attach=lambda request: facility_attach(facility.pk, request),
        refusal=retired_refusal(facility) if facility.is_retired else "",
    )


def facility_of_request(user, item) -> list[str]:
    """On a request's page: the facility it is about, with a link to its history."""
    link = FacilityRequest.objects.filter(request=item).select_related("facility").first()
    if link is None:
        return []
    return [render_to_string("community/facilities/_request_facility.html", {"link": link})]
