"""`make loadtest` at CI size (issue 16, item 10) on gunicorn + PostgreSQL + a private
Redis + a worker with beat (bench/loadtest.py), and the database asked afterwards: no 5xx,
every success stored exactly once, the tally equal to the units with a successful ballot,
every notification delivered once. Once plain (30 residents, 15 s), once through a
PostgreSQL restart (a cluster of the run's own, stopped for 4 s): only the portal's 503
while it is down, and nothing answered 503 stored."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import skip_unless_ci

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


def _loadtest(tmp_path, *args: str) -> dict:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        skip_unless_ci("the load test runs on PostgreSQL: set DATABASE_URL")
    if not shutil.which("redis-server"):
        skip_unless_ci("redis-server is not installed")
    out = tmp_path / "load.json"
    done = subprocess.run(
        [sys.executable, "bench/loadtest.py", *args, "--drain", "150", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=420,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    data = json.loads(out.read_text())
    assert [c for c in data["checks"] if not c["ok"]] == []
    return data


def test_thirty_residents_for_fifteen_seconds_lose_nothing_and_count_nothing_twice(tmp_path):
    data = _loadtest(tmp_path, "--users", "30", "--seconds", "15", "--think", "2")
    names = {row["action"] for row in data["figures"]}
    assert {"file", "follow", "comment", "vote", "accept", "dispatch"} <= names
    assert {"disclosure", "notices", "sign in"} <= names
    everything = next(row for row in data["figures"] if row["action"] == "all")
    assert everything["count"] > 100 and 0 < everything["p50"] <= everything["p95"]
    assert not any(int(status) >= 500 for status in everything["statuses"])


def test_a_postgresql_restart_under_load_answers_503_and_loses_nothing(tmp_path):
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        skip_unless_ci("PostgreSQL's server binaries are not installed")
    data = _loadtest(
        tmp_path,
        *("--users", "15", "--seconds", "10", "--think", "1"),
        *("--fault", "pg-restart", "--fault-at", "3", "--fault-for", "4"),
    )
    everything = next(row for row in data["figures"] if row["action"] == "all")
    assert everything["statuses"].get("503", 0) > 0  # it was down while they worked
    assert [entry for _t, entry in data["context"]["fault_log"]][-1] == "pg-restart: mended"
