"""Activities for the street (issue 17): 20,000 at full scale over the three years — each
compound's share, compound 0 (where the personas live) twice — organised by the owners'
committee, most with sign-up from the compound's residents (up to 30 each, attended where
past), a few coming, the owner persona signed up for some. The activity list reads one page
of them whatever the number."""

from __future__ import annotations

import random
from datetime import timedelta

from community.models import Activity, SignUp
from compounds.models import Body
from portal.site.scale.places import Street
from portal.site.scale.plan import Plan
from portal.site.scale.writer import Writer

REPORT = "活动顺利结束。"
TITLES = ["阅读社", "广场舞", "公益食堂帮厨", "金婚庆典", "环境整治", "义诊", "书法班", "象棋赛"]
ACTIVITY_FIELDS = (
    "id", "compound_id", "body_id", "created_by_id", "title", "description", "starts_at",
    "ends_at", "place", "capacity", "audience", "needs_signup", "is_service", "hours", "state",
    "confirmed_count", "signups_made", "report", "created_at",
)  # fmt: skip
SIGNUP_FIELDS = (
    "activity_id", "user_id", "state", "position", "signed_up_at", "confirmed_at",
    "attended_at",
)  # fmt: skip


def seed_activities(plan: Plan, writer: Writer, rng: random.Random, street: Street) -> None:
    committees = dict(
        Body.objects.filter(
            compound_id__in=street.compound_ids, kind="owners_committee"
        ).values_list("compound_id", "pk")
    )
    shares = [2.0] + [1.0] * (len(street.compound_ids) - 1)
    per_share = max(20, round(20_000 * plan.scale)) / sum(shares)
    span = (plan.now - plan.start).total_seconds()
    owner = street.personas["01"]
    activities, signups = [], []
    for compound, share in zip(street.compound_ids, shares, strict=True):
        people = sorted(
            {u for unit in street.units[compound] for u in street.residents.get(unit, ())}
        )
        n = max(2, round(per_share * share))
        for k, pk in enumerate(writer.ids(Activity, n)):
            coming = k < 3  # a few to come in every compound
            starts = plan.now + timedelta(days=k + 1, hours=2) if coming else (
                plan.start + timedelta(seconds=rng.random() * span * 0.99)
            )  # fmt: skip
            capacity = rng.choice([None, 10, 20, 30])
            line = rng.sample(people, min(len(people), rng.randint(0, 30)))
            if compound == street.compound_ids[0] and k % 2 and owner not in line:
                line.append(owner)
            confirmed = len(line) if capacity is None else min(capacity, len(line))
            for position, user in enumerate(line, start=1):
                holds = position <= confirmed
                attended = holds and not coming and rng.random() < 0.8
                signups.append((
                    pk, user, "confirmed" if holds else "waiting", position,
                    starts - timedelta(days=3), starts - timedelta(days=3) if holds else None,
                    starts + timedelta(minutes=5) if attended else None,
                ))  # fmt: skip
            activities.append((
                pk, compound, committees.get(compound), street.chair_of[compound],
                rng.choice(TITLES), "", starts, starts + timedelta(hours=2), "党群服务站",
                capacity, "everyone", True, k % 4 == 0, 2, "published" if coming else "finished",
                confirmed, len(line), "" if coming else REPORT, starts - timedelta(days=7),
            ))  # fmt: skip
    writer.write(Activity, ACTIVITY_FIELDS, activities)
    writer.write(SignUp, SIGNUP_FIELDS, signups)
