"""Benchmark: an owners' vote of N homes (default 1,000) end to end through the services —
publish the notice (freezing the roll), cast ballots online for 80% of the homes, close
and count, recount every closed vote, and build the audit bundle.

Run: DEBUG=1 .venv/bin/python bench/owners_vote.py [homes]
(set DATABASE_URL to measure on PostgreSQL). It creates a throw-away test database and
removes it afterwards.
"""

import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402


def main(homes: int) -> None:
    from django.utils import timezone

    from compounds.models import Residency, Unit
    from compounds.services import ensure_default_kinds
    from deliberation import queries, services
    from deliberation.models import OwnersVote
    from tests import factories as f

    ensure_default_kinds()
    compound = f.CompoundFactory(name="基准小区")
    buildings = [f.BuildingFactory(compound=compound, name=f"{n}栋") for n in range(1, 21)]
    Unit.objects.bulk_create(
        Unit(building=buildings[i % 20], entrance="1单元", floor=1, door=str(i), area=89 + i % 40)
        for i in range(homes)
    )
    owners = [f.UserFactory() for _ in range(homes)]
    Residency.objects.bulk_create(
        Residency(user=owner, unit=unit, relation="owner", status="verified", start="2024-01-01")
        for owner, unit in zip(owners, Unit.objects.order_by("pk"), strict=True)
    )
    chair = owners[0]
    body = f.BodyFactory(compound=compound)
    f.MembershipFactory(body=body, user=chair, position="chair")
    vote = services.vote_create(
        by=chair,
        compound=compound,
        title="基准表决",
        method="网上投票",
        topics=[{"title": "同意", "matter_item": 5}],
    )
    opens = timezone.now() + timedelta(days=16, minutes=1)
    started = time.perf_counter()
    services.vote_publish_notice(
        vote_id=vote.pk, by=chair, opens_at=opens, closes_at=opens + timedelta(days=7)
    )
    noticed = time.perf_counter() - started
    OwnersVote.objects.filter(pk=vote.pk).update(opens_at=timezone.now() - timedelta(hours=1))
    topic = vote.topics.get()
    voters = list(vote.roll.order_by("pk").select_related("voter")[: int(homes * 0.8)])
    started = time.perf_counter()
    for entry in voters:
        services.ballot_cast(
            vote_id=vote.pk, unit_id=entry.unit_id, by=entry.voter, choices={topic.pk: "for"}
        )
    cast = time.perf_counter() - started
    OwnersVote.objects.filter(pk=vote.pk).update(closes_at=timezone.now())
    started = time.perf_counter()
    services.vote_close(vote_id=vote.pk)
    closed = time.perf_counter() - started
    started = time.perf_counter()
    assert queries.recount_closed() == []
    recounted = time.perf_counter() - started
    vote.refresh_from_db()
    started = time.perf_counter()
    data = queries.audit_bundle(vote, vote.topics.get())
    bundled = time.perf_counter() - started
    print(f"database: {connection.vendor}; homes {homes}; ballots {len(voters)}")
    print(f"notice and frozen roll: {noticed:.2f} s")
    print(f"ballots cast: {cast:.2f} s ({len(voters) / cast:.0f} per second)")
    print(f"close and count: {closed:.2f} s; recount: {recounted:.2f} s")
    print(f"audit bundle: {bundled:.2f} s, {len(data) // 1024} KiB")
    print(f"approved: {vote.topics.get().result['approved']}")


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    old = setup_databases(verbosity=0, interactive=False)
    try:
        main(count)
    finally:
        connection.close()
        teardown_databases(old, verbosity=0)
