import importlib
import pkgutil

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community life")

    def ready(self) -> None:
        # Each area's queries module registers its section of the community page
        # (community/hub.py).
        from community import queries

        for module in pkgutil.iter_modules(queries.__path__):
            importlib.import_module(f"community.queries.{module.name}")

        # Teams and zones (issue 17, items 1-2): their notifications, and the keeper of a
        # zone told of a request filed in it.
        from community import events  # noqa: F401
        from community.services.zones import tell_keepers_of_request
        from requests.extras import on_request_filed

        on_request_filed(tell_keepers_of_request)
        # A disbanded team's coming activities are called off (community.extras).
        from community.extras import on_team_disbanded
        from community.services.activities import activities_call_off_for_team

        on_team_disbanded(activities_call_off_for_team)
        # Facilities (issue 17, item 6): a sticker's request names its facility.
        from community.facility_requests import facility_of_request, facility_preset
        from requests.extras import request_extra
        from requests.presets import filing_preset

        filing_preset("facility")(facility_preset)
        request_extra(facility_of_request)
        # Activities (issue 17, item 4): the service activities people attended count in the
        # volunteers' hours of the ranking and the party-member board, beside help orders.
        from community.queries.activities import hours_in_community, hours_of_people
        from requests.extras import HoursSource, hours_source

        hours_source(
            HoursSource(
                label=pgettext_lazy("community", "activities"),
                in_community=hours_in_community,
                of_people=hours_of_people,
            )
        )
