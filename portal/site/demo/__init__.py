"""Demo data (DESIGN.md section 5): the places of the seed articles, their people and
bodies, requests in every state and deliberation at every stage. People are invented;
everything is get-or-create on natural keys, so `seed_demo` run twice leaves the same rows.
"""

from django.db import transaction
from django.utils import timezone

from compounds.services import ensure_default_kinds
from portal.demo_accounts import DEMO_ACCOUNTS
from portal.notifications.models import Notification
from portal.site.dashboard.refresh import refresh_figures
from portal.site.demo.activities import seed_activities
from portal.site.demo.campaigns import seed_campaigns
from portal.site.demo.community_teams import seed_community_teams
from portal.site.demo.deliberation import seed_deliberation
from portal.site.demo.facilities import seed_facilities
from portal.site.demo.fees import seed_fees
from portal.site.demo.finance import seed_finance
from portal.site.demo.history import mark_history_read
from portal.site.demo.months import seed_months
from portal.site.demo.places import (
    reside,
    seed_building_roles,
    seed_commitments,
    seed_feicuigu,
    seed_notices,
    seed_places,
    unit_of,
    user_of,
)
from portal.site.demo.records import seed_books, seed_suggestions, seed_votes
from portal.site.demo.repairs import seed_requests
from portal.site.demo.roster import seed_roster
from portal.site.demo.street import DemoWriter, feicuigu_place, seed_street
from requests.defaults import ensure_default_categories
from requests.services.figures import street_figures_refresh

__all__ = ["seed_demo"]


@transaction.atomic
def seed_demo() -> None:
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ensure_default_kinds()
    ensure_default_categories()
    compounds = seed_places()
    demo = {account.phone[-2:]: user_of(account.phone, account.name) for account in DEMO_ACCOUNTS}
    fcg = compounds["翡翠谷小区"]
    seed_feicuigu(fcg, demo)
    seed_building_roles(fcg, 1000, demo)
    hjl = compounds["黄荆岭小区"]
    reside(demo["10"], unit_of(hjl, "2栋", "1单元", "302"), "owner")
    seed_building_roles(hjl, 2000, demo)
    seed_commitments(fcg, [demo["04"], demo["08"], demo["03"]])
    seed_notices(fcg, demo)
    seed_community_teams(compounds, demo)  # issue 17: teams, zones, 四包
    seed_requests(fcg, demo)
    seed_deliberation(fcg, demo)
    seed_finance(fcg, demo)
    seed_campaigns(compounds["庆丰小区"])
    seed_fees(fcg, demo)
    seed_street_year(fcg, demo)
    seed_facilities(compounds)  # issue 17, item 6
    seed_activities(compounds, demo)  # issue 17: community life
    seed_roster(compounds, demo)  # issue 17: the service stations' week of duty
    mark_history_read(last)  # the seeding happened in the past: its news is read
    refresh_figures()  # the dashboard's kept figures, as beat would count them


def seed_street_year(fcg, demo: dict) -> None:
    """The rest of 金子坝街道 and a year of its history (翡翠谷小区's too), once: made with
    the street's new compounds, which a second run finds there."""
    places = seed_street(fcg.community.street_office)
    if not places:
        return
    now, writer = timezone.now(), DemoWriter()
    seed_months([*places, feicuigu_place(fcg, demo)], writer, now, quiet={fcg.pk})
    seed_books(places, writer, now)
    seed_suggestions(places, now)
    writer.finish()  # sequences before the services write rows of their own
    seed_votes(places, writer, now)
    writer.finish()
    street_figures_refresh(street_office_id=fcg.community.street_office_id)
