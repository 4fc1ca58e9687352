"""Benchmark: count an owners' vote of N units (default 20,000) with the exact tally, and
recount it from an audit bundle with `manage.py recount`-equivalent code.

Run: DEBUG=1 .venv/bin/python bench/tally.py [units]
Reports the time of the count, of writing the bundle and of reading it back, and checks
that the bundle recounts to the same result. Pure Python: no database needed.
"""

import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from deliberation import bundle  # noqa: E402
from deliberation.tally import BallotRow, RollRow, count  # noqa: E402


def main(units: int) -> None:
    rng = random.Random(278)  # noqa: S311 - reproducible test data, not secrets
    roll = [
        RollRow(
            f"u{i}",
            f"{i % 40 + 1}栋",
            Decimal(rng.randint(4000, 16000)) / 100,
            f"p{i // 2 if i % 10 == 0 else i}",  # every tenth owner holds two homes
        )
        for i in range(units)
    ]
    choice_of_key = {}
    ballots = []
    for row in roll:
        if rng.random() < 0.75:
            choice = choice_of_key.setdefault(
                row.head_key, rng.choice(["for", "against", "abstain"])
            )
            ballots.append(BallotRow(row.unit, choice, rng.choice(["online", "paper"])))
    started = time.perf_counter()
    result = count(roll, ballots, item=7)
    counted = time.perf_counter() - started
    started = time.perf_counter()
    data = bundle.write(roll=roll, ballots=ballots, item=7, result=result.as_dict())
    written = time.perf_counter() - started
    with tempfile.NamedTemporaryFile(suffix=".zip") as archive:
        archive.write(data)
        archive.flush()
        started = time.perf_counter()
        back = bundle.read(archive.name)
        again = count(back.roll, back.ballots, back.item)
        reread = time.perf_counter() - started
    assert again == result, "the bundle does not recount to the same result"
    print(f"units {units}, ballots {len(ballots)}, bundle {len(data) // 1024} KiB")
    print(f"count {counted * 1000:.1f} ms; write bundle {written * 1000:.1f} ms; ", end="")
    print(f"read and recount {reread * 1000:.1f} ms; approved={result.approved}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
