"""When the pin of a deliberation notice lapses, decided at display time so that it holds
for old notices too (no data migration): the notice of an owners' vote is pinned only while
the vote is pending or open; the notice of its result for DELIBERATION_RESULT_PIN_DAYS days
after it is published. Registered with the notices app in DeliberationConfig.ready — the
notices app never imports deliberation."""

from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q, QuerySet

from deliberation.models import OwnersVote


def lapsed_pins(now) -> QuerySet:
    """Ids of the vote notices and result notices whose pin has lapsed at `now`. The moment
    is compared as given, never shifted (`published_at + days <= now`), so home's notices
    can run as SQL compiled once (portal/prepared.py)."""
    from compounds.announcements.models import Announcement

    live = Q(state=OwnersVote.State.NOTICED, closes_at__gt=now)
    past = OwnersVote.objects.filter(notice__isnull=False).exclude(live).values("notice_id")
    days = timedelta(days=getattr(settings, "DELIBERATION_RESULT_PIN_DAYS", 14))
    results = OwnersVote.objects.filter(result_notice__isnull=False).values("result_notice_id")
    return (
        Announcement.objects.alias(pin_ends=F("published_at") + days)
        .filter(Q(pk__in=past) | Q(pk__in=results, pin_ends__lte=now))
        .values("pk")
    )
