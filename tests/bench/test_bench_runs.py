"""Issue 13: the street-scale generator makes the shape of its plan, its closed votes
recount to their stored results, and `make bench` (bench/run.py) runs end to end on it and
writes results — at --scale 0.001, no timing asserted."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Exists, OuterRef

from compounds.models import Compound, Residency, Unit
from deliberation import queries
from deliberation.models import Ballot, OwnersVote, RollEntry
from portal.models import User
from portal.site.scale import Plan
from requests.models import Request, RequestEvent
from tests import factories as f
from tests.helpers import free_port, skip_unless_ci

ROOT = Path(__file__).resolve().parents[2]
SCALE = 0.001


def test_the_plan_at_full_scale_is_the_street_of_the_issue():
    plan = Plan.at(1)
    assert (plan.compounds, plan.communities, plan.units) == (100, 10, 100_000)
    assert (plan.requests, plan.proposals) == (1_000_000, 2_000)
    assert (plan.closed_votes, plan.open_votes) == (300, 5)
    sizes = plan.units_of_compounds()
    assert sum(sizes) == 100_000 and sizes[0] == 10_000  # one compound of 10,000 homes
    tenth = Plan.at(0.1)
    assert (tenth.units, tenth.requests, tenth.closed_votes) == (10_000, 100_000, 30)


@pytest.mark.django_db
def test_seed_scale_refuses_a_database_with_compounds_and_production(settings):
    f.CompoundFactory()
    settings.DEBUG = True
    with pytest.raises(CommandError, match="already has compounds"):
        call_command("seed_scale", scale=SCALE)
    f.UserFactory(phone="+8613800000001")  # a demo account
    with pytest.raises(CommandError, match="phones"):
        call_command("seed_scale", scale=SCALE, force=True)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_scale", scale=SCALE, force=True)
    assert Unit.objects.count() == 0


def _assert_shape(plan: Plan) -> None:
    assert Compound.objects.count() == plan.compounds
    assert Unit.objects.count() == plan.units
    units = plan.units
    assert 1.2 * units < Residency.objects.count() < 1.9 * units
    assert 1.2 * units < User.objects.count() < 1.9 * units
    assert Request.objects.count() == plan.requests + 40  # and the owner persona's own
    assert 3 * plan.requests < RequestEvent.objects.count() < 7 * plan.requests
    assert OwnersVote.objects.filter(state="closed").count() == plan.closed_votes
    assert OwnersVote.objects.filter(state="noticed").count() == plan.open_votes
    # Every ballot is a unit of its vote's frozen roll, cast by that unit's voter.
    on_roll = RollEntry.objects.filter(
        vote_id=OuterRef("vote_id"), unit_id=OuterRef("unit_id"), voter_id=OuterRef("cast_by_id")
    )
    assert Ballot.objects.exists()
    assert not Ballot.objects.filter(~Exists(on_roll)).exists()
    assert queries.recount_closed() == []


@pytest.mark.django_db
def test_seed_scale_makes_the_shape_of_its_plan_on_any_database():
    """bulk_create on SQLite, COPY on PostgreSQL: the same rows."""
    call_command("seed_scale", scale=SCALE, i_know=True)
    _assert_shape(Plan.at(SCALE))
    owner = User.objects.get(phone="+8613800000001")
    assert Residency.objects.filter(user=owner, relation="owner", is_voter=True).count() == 2
    assert Request.objects.filter(reporter=owner).count() >= 40


@pytest.mark.django_db(transaction=True)
def test_seed_scale_then_the_bench_runs_end_to_end(tmp_path, shared_database):
    if not shutil.which("wrk"):
        skip_unless_ci("wrk is not installed (apt-get install wrk)")
    call_command("seed_scale", scale=SCALE, i_know=True)  # tests run with DEBUG off
    _assert_shape(Plan.at(SCALE))
    call_command("recount")  # the command agrees (it raises on a difference)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
    }
    out = tmp_path / "results.md"
    connection.close()  # the server and the test share the database
    done = subprocess.run(
        [
            sys.executable,
            "bench/run.py",
            "--rounds",
            "1",
            "--seconds",
            "1",
            "--out",
            str(out),
            "--port",
            str(free_port()),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    text = out.read_text()
    assert "## Scale 0.001" in text and "Machine:" in text and "Command:" in text
    for page in ("resident home", "open vote", "registry export (xlsx)", "已解决 board"):
        assert f"| {page} |" in text
    assert "| 200 |" in text and "| 403 |" not in text and "| 404 |" not in text
