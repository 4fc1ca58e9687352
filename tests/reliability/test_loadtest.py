"""`make loadtest` at CI size (issue 16, item 10): 40 residents and 5 staff for 15 s on
gunicorn + PostgreSQL + a private Redis + a worker with beat (bench/loadtest.py), and the
database asked afterwards: no 5xx, every success stored exactly once, the tally equal to
the units with a successful ballot, every notification delivered once."""

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


def test_forty_residents_for_fifteen_seconds_lose_nothing_and_count_nothing_twice(tmp_path):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        skip_unless_ci("the load test needs PostgreSQL: set DATABASE_URL")
    if not shutil.which("redis-server"):
        skip_unless_ci("redis-server is not installed")
    out = tmp_path / "load.json"
    done = subprocess.run(
        [sys.executable, "bench/loadtest.py", "--users", "40", "--seconds", "15"]
        + ["--think", "3", "--drain", "90", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=420,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    data = json.loads(out.read_text())
    assert [c for c in data["checks"] if not c["ok"]] == []
    names = {row["action"] for row in data["figures"]}
    assert {"file", "follow", "comment", "vote", "accept", "dispatch"} <= names
    assert {"disclosure", "notices", "sign in"} <= names
    everything = next(row for row in data["figures"] if row["action"] == "all")
    assert everything["count"] > 100 and 0 < everything["p50"] <= everything["p95"]
    assert not any(status >= 500 for status in map(int, everything["statuses"]))
