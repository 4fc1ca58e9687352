"""Street-scale data for `manage.py seed_scale` and the bench (issue 13): see plan.py for
what is made at a scale. Written in bulk (COPY on PostgreSQL), deterministic for a scale
(seeded random; dates are relative to the moment of the run), ANALYZE at the end, and
VACUUM after the transaction where there is none around it."""

import logging
import random
import time
from contextlib import contextmanager

from django.db import transaction

from compounds.services import ensure_default_kinds
from portal.site.scale.activities import seed_activities
from portal.site.scale.community_teams import seed_teams
from portal.site.scale.deliberation import seed_petition, seed_proposals, seed_votes
from portal.site.scale.facilities import seed_facilities
from portal.site.scale.finance import seed_finance
from portal.site.scale.places import PERSONAS, SCALE_PASSWORD, seed_street
from portal.site.scale.plan import SEED, Plan
from portal.site.scale.repairs import seed_figures, seed_requests
from portal.site.scale.roster import seed_roster
from portal.site.scale.writer import Writer
from requests.defaults import ensure_default_categories

__all__ = ["PERSONAS", "SCALE_PASSWORD", "Plan", "seed_scale"]


@contextmanager
def _quiet_tasks():
    """The result notices of 305 votes are tasks run in-process (embedded mode): a line
    each from Celery, and kombu's warning that no broker host was given, drown the steps."""
    loggers = [logging.getLogger(name) for name in ("celery.app.trace", "kombu.connection")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def seed_scale(scale: float, say=print) -> dict[str, int]:
    """Make the data of `scale`; returns the rows written per model."""
    plan = Plan.at(scale)
    rng = random.Random(f"{SEED}:{scale}")  # noqa: S311 - reproducible test data
    writer = Writer()
    started = time.monotonic()

    def step(name, fn, *args):
        began = time.monotonic()
        result = fn(*args)
        say(f"{name}: {time.monotonic() - began:.1f} s")
        return result

    with _quiet_tasks(), transaction.atomic():
        ensure_default_kinds()
        ensure_default_categories()
        street = step("places and people", seed_street, plan, writer, rng)
        step("requests", seed_requests, plan, writer, rng, street)
        step("proposals", seed_proposals, plan, writer, rng, street)
        writer.finish()  # sequences before the services create rows of their own
        step("petition", seed_petition, plan, writer, rng, street)
        step("votes", seed_votes, plan, writer, rng, street)
        step("kept figures", seed_figures, street)
        step("books and statements", seed_finance, plan, writer, rng, street)
        step("teams, zones and 四包", seed_teams, plan, writer, rng, street)
        step("facilities", seed_facilities, plan, writer, rng, street)  # issue 17
        step("activities", seed_activities, plan, writer, rng, street)
        step("duty roster", seed_roster, plan, writer, street)
        step("sequences and ANALYZE", writer.finish)
    step("VACUUM", writer.vacuum)
    say(f"total: {time.monotonic() - started:.1f} s")
    return writer.counts
