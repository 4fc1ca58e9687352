"""Benchmark: close an owners' vote of N units (issue 13, item 6) on PostgreSQL.

Run: DATABASE_URL=postgres://… DEBUG=1 .venv/bin/python bench/close_vote.py [units …]
(default 5000 20000). For each size, inside one transaction rolled back at the end (the
database is left as it was): a compound of N units in 40 buildings with their owners
(every tenth owner holds two homes, every seventh home is co-owned), its vote of two topics
published through the services (freezing the roll), ballots for about 75% of the owners
loaded with bulk inserts (online, verified paper, some blank), ANALYZE, then the real
`services.vote_close` — both topics counted by area and headcount, the results stored,
the result notice published and its notifications queued — timed, with its queries.
Budget: 5,000 units under 100 ms, 20,000 under 400 ms.
"""

import os
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

BUDGET_MS = {5000: 100, 20000: 400}
START = "2024-01-01"


class Rollback(Exception):
    pass


def build(units: int, rng: random.Random):
    """The compound, its owners and a noticed vote with its ballots; returns the vote."""
    from compounds.models import Residency, Unit
    from compounds.services import ensure_default_kinds
    from deliberation import services
    from deliberation.models import Ballot, BallotChoice, OwnersVote
    from tests import factories as f

    ensure_default_kinds()
    compound = f.CompoundFactory(name=f"结算基准小区{units}")
    buildings = [f.BuildingFactory(compound=compound, name=f"{n}栋") for n in range(1, 41)]
    homes = Unit.objects.bulk_create(
        Unit(
            building=buildings[i % 40],
            entrance="1单元",
            floor=1 + i // 400,
            door=str(i),
            area=Decimal(rng.randint(4000, 16000)) / 100,
        )
        for i in range(units)
    )
    base = rng.randint(0, 10**7)
    people = get_user_model().objects.bulk_create(
        get_user_model()(phone=f"+86197{(base + i) % 10**8:08d}", password="!")
        for i in range(units)
    )
    residencies = []
    for i, home in enumerate(homes):
        owner = people[i // 2 if i % 10 == 0 else i]  # every tenth owner: two homes
        residencies.append(
            Residency(
                user=owner, unit=home, relation="owner", status="verified", start="2024-01-01"
            )
        )
        if i % 7 == 3:  # co-owned: the first owner votes
            residencies[-1].relation = "co_owner"
            residencies.append(
                Residency(
                    user=people[(i + 1) % units],
                    unit=home,
                    relation="co_owner",
                    status="verified",
                    start=START,
                    is_voter=False,
                )
            )
    Residency.objects.bulk_create(residencies)
    chair = people[1]
    f.MembershipFactory(body=f.BodyFactory(compound=compound), user=chair, position="chair")
    vote = services.vote_create(
        by=chair,
        compound=compound,
        title="基准表决",
        method="网上投票或书面表决票",
        topics=[
            {"title": "使用维修资金更换电梯", "matter_item": 6},
            {"title": "选聘物业服务企业", "matter_item": 4},
        ],
    )
    opens = timezone.now() + timedelta(days=16, minutes=1)
    services.vote_publish_notice(
        vote_id=vote.pk, by=chair, opens_at=opens, closes_at=opens + timedelta(days=7)
    )
    topics = list(vote.topics.all())
    roll = list(vote.roll.values_list("unit_id", "head_key", "voter_id"))
    marks = {}
    for _u, key, _v in roll:
        if key not in marks and rng.random() < 0.75:
            marks[key] = [rng.choice(["for", "for", "against", "abstain"]) for _t in topics]
            if rng.random() < 0.02:
                marks[key] = ["blank"] * len(topics)
    at = timezone.now() - timedelta(days=1)
    ballots = Ballot.objects.bulk_create(
        Ballot(
            vote=vote,
            unit_id=unit,
            channel="paper" if marks[key][0] == "blank" or unit % 5 == 0 else "online",
            cast_by_id=voter or chair.pk,
            scan="ballots/bench.pdf" if marks[key][0] == "blank" or unit % 5 == 0 else "",
            verified_by=chair if marks[key][0] == "blank" or unit % 5 == 0 else None,
            counted=True,
            created_at=at,
        )
        for unit, key, voter in roll
        if key in marks
    )
    key_of = {unit: key for unit, key, _v in roll}
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=b, topic=t, choice=marks[key_of[b.unit_id]][i])
        for b in ballots
        for i, t in enumerate(topics)
    )
    services.participation_rebuild(vote=vote)  # the ballots came around the services
    OwnersVote.objects.filter(pk=vote.pk).update(
        opens_at=at - timedelta(hours=1), closes_at=timezone.now() - timedelta(minutes=1)
    )
    with connection.cursor() as cursor:
        for table in ("deliberation_rollentry", "deliberation_ballot", "deliberation_ballotchoice"):
            cursor.execute(f"ANALYZE {table}")
    return vote, len(ballots)


def close(vote) -> tuple[float, int]:
    from deliberation import services

    queries = []

    def counting(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        started = time.perf_counter()
        services.vote_close(vote_id=vote.pk)
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, len(queries)


def main(sizes: list[int]) -> None:
    if connection.vendor != "postgresql":
        print("warning: not PostgreSQL; the budget is for PostgreSQL")
    for units in [50, *sizes]:  # the first, small, warms the process up as a worker is
        rng = random.Random(278)  # noqa: S311 - reproducible test data, not secrets
        try:
            with transaction.atomic():
                vote, ballots = build(units, rng)
                elapsed, count = close(vote)
                vote.refresh_from_db()
                topics = [t.result["approved"] for t in vote.topics.all()]
                raise Rollback
        except Rollback:
            pass
        if units == 50:
            continue
        budget = BUDGET_MS.get(units)
        verdict = "" if budget is None else (" within" if elapsed < budget else " OVER")
        verdict += f" the budget of {budget} ms" if budget else ""
        print(
            f"units {units}, ballots {ballots}: vote_close {elapsed:.1f} ms, {count} queries"
            f"{verdict}; approved {topics}"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [5000, 20000])
