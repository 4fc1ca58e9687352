"""When the pin of a deliberation notice lapses, decided at display time so that it holds
for old notices too (no data migration): the notice of an owners' vote is pinned only while
the vote is pending or open; the notice of its result for DELIBERATION_RESULT_PIN_DAYS days
after it is published. Registered with the notices app in DeliberationConfig.ready — the
notices app never imports deliberation."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from deliberation.models import OwnersVote


def lapsed_pins() -> QuerySet:
    """Ids of the vote notices and result notices whose pin has lapsed now."""
    from compounds.announcements.models import Announcement

    now = timezone.now()
    live = Q(state=OwnersVote.State.NOTICED, closes_at__gt=now)
    past = OwnersVote.objects.filter(notice__isnull=False).exclude(live).values("notice_id")
    days = timedelta(days=getattr(settings, "DELIBERATION_RESULT_PIN_DAYS", 14))
    results = OwnersVote.objects.filter(result_notice__isnull=False).values("result_notice_id")
    return Announcement.objects.filter(
        Q(pk__in=past) | Q(pk__in=results, published_at__lte=now - days)
    ).values("pk")
