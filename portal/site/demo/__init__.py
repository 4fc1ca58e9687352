"""Demo data (DESIGN.md section 5): the places of the seed articles, their people and
bodies, requests in every state and deliberation at every stage. People are invented;
everything is get-or-create on natural keys, so `seed_demo` run twice leaves the same rows.
"""

from django.db import transaction

from compounds.services import ensure_default_kinds
from portal.demo_accounts import DEMO_ACCOUNTS
from portal.notifications.models import Notification
from portal.site.dashboard.refresh import refresh_figures
from portal.site.demo.campaigns import seed_campaigns
from portal.site.demo.deliberation import seed_deliberation
from portal.site.demo.fees import seed_fees
from portal.site.demo.finance import seed_finance
from portal.site.demo.history import mark_history_read
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
from portal.site.demo.repairs import seed_requests
from requests.defaults import ensure_default_categories

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
    seed_requests(fcg, demo)
    seed_deliberation(fcg, demo)
    seed_finance(fcg, demo)
    seed_campaigns(compounds["庆丰小区"])
    seed_fees(fcg, demo)
    mark_history_read(last)  # the seeding happened in the past: its news is read
    refresh_figures()  # the dashboard's kept figures, as beat would count them
