"""Teams, zones and responsibilities at street scale (issue 17): per compound about one
volunteer team per 250 homes (at least two), each with 10-40 members of its residents and
a few applications waiting; a green zone per building and a road and a square per compound,
most claimed by a team, with a clean-up a month over the last year; and per building a
resident answerable for its sanitation and another for eight households."""

from __future__ import annotations

import random
from datetime import timedelta

from community.models import Cleanup, Responsibility, Team, TeamMember, Zone
from portal.site.scale.places import Street
from portal.site.scale.plan import Plan
from portal.site.scale.writer import Writer

KINDS = ["culture", "environment", "patrol", "mediation", "care", "other"]
NAMES = ["宣教文艺队", "环保卫生队", "安全巡逻队", "矛盾调处队", "爱心帮困队", "阅读社"]
MONTHS = 12


def _months_back(first, m: int):
    year, month = divmod(first.year * 12 + first.month - 1 - m, 12)
    return first.replace(year=year, month=month + 1)


def _residents(street: Street, compound: int) -> list[int]:
    seen: dict[int, None] = {}
    for unit in street.units[compound]:
        for user in street.residents.get(unit, ()):
            seen.setdefault(user, None)
    return list(seen)


def seed_teams(plan: Plan, writer: Writer, rng: random.Random, street: Street) -> None:
    now = plan.now
    teams, members, zones, zone_buildings, cleanups, duties, duty_units = [], [], [], [], [], [], []
    for compound in street.compound_ids:
        people = _residents(street, compound)
        units = street.units[compound]
        buildings = list(dict.fromkeys(street.building_of[u] for u in units))
        n_teams = max(2, len(units) // 250)
        team_ids = writer.ids(Team, n_teams)
        for n, team in enumerate(team_ids):
            size = min(len(people), rng.randint(10, 40))
            crew = rng.sample(people, size)
            name = f"{NAMES[n % len(NAMES)]}{n // len(NAMES) + 1 if n >= len(NAMES) else ''}"
            teams.append((team, compound, name, KINDS[n % len(KINDS)], crew[0], now))
            joined = now - timedelta(days=rng.randint(30, 900))
            for i, user in enumerate(crew):
                applied = i >= size - 2 and i > 0  # the last two wait for the leader
                members.append(
                    (
                        team,
                        user,
                        "applied" if applied else "member",
                        joined,
                        None if applied else joined,
                    )
                )
        zone_specs = [("green", [b]) for b in buildings] + [("road", buildings[:4]), ("square", [])]
        zone_ids = writer.ids(Zone, len(zone_specs))
        for (kind, near), zone in zip(zone_specs, zone_ids, strict=True):
            keeper = team_ids[rng.randrange(n_teams)] if rng.random() < 0.8 else None
            name = {"green": f"绿化带{zone}", "road": "主干道", "square": "中心广场"}[kind]
            zones.append(
                (
                    zone,
                    compound,
                    name,
                    kind,
                    keeper,
                    now if keeper else None,
                    rng.randint(5, 95),
                    rng.randint(5, 95),
                )
            )
            zone_buildings += [(zone, b) for b in near]
            if keeper:
                for m in range(MONTHS):
                    month = _months_back(now.date().replace(day=1), m)
                    done = now - timedelta(days=30 * m) if m > 0 else None
                    cleanups.append((zone, month, month + timedelta(days=5), done, "清理杂物"))
        for building in buildings:
            in_building = [u for u in units if street.building_of[u] == building]
            sanitation, contact = rng.sample(people, 2)
            duties.append((compound, building, sanitation, "sanitation", now))
            duties.append((compound, building, contact, "households", now))
            duty_units.append(in_building[:8])
    writer.write(Team, ("id", "compound_id", "name", "kind", "leader_id", "created_at"), teams)
    writer.write(TeamMember, ("team_id", "user_id", "state", "applied_at", "joined_at"), members)
    writer.write(
        Zone,
        ("id", "compound_id", "name", "kind", "keeper_team_id", "claimed_at", "plan_x", "plan_y"),
        zones,
    )
    writer.write(Zone.buildings.through, ("zone_id", "building_id"), zone_buildings)
    writer.write(Cleanup, ("zone_id", "month", "day", "done_at", "report"), cleanups)
    duty_ids = writer.ids(Responsibility, len(duties))
    writer.write(
        Responsibility,
        ("id", "compound_id", "building_id", "person_id", "matter", "assigned_at"),
        ((pk, *row) for pk, row in zip(duty_ids, duties, strict=True)),
    )
    links = [
        (pk, unit)
        for pk, row, units in zip(duty_ids[1::2], duties[1::2], duty_units, strict=True)
        for unit in units
    ]
    writer.write(Responsibility.units.through, ("responsibility_id", "unit_id"), links)
