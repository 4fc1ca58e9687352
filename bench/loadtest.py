"""`make loadtest`: N residents and five staff on gunicorn + PostgreSQL + Redis + a Celery
worker with beat, for S seconds, then the database is asked whether it holds what they
were told (issue 16, item 10).

  DATABASE_URL=postgres://… .venv/bin/python bench/loadtest.py --users 200 --seconds 60

It creates a database of its own beside DATABASE_URL's (dropped afterwards unless
--keep), migrates and seeds it (bench/load_seed.py), starts a private redis-server on a
free port (never the machine's), a Celery worker with beat and gunicorn (production
settings, 2 gthread workers × 4 threads, TRUSTED_PROXY_COUNT=1), signs everyone in with
their password, each from an address of their own, then runs the mix of
bench/load_client.py. Afterwards it waits for the outbox to drain and checks
(bench/load_check.py): no 5xx, every success stored exactly once, the tally equal to the
units with a successful ballot, every notification delivered once. Prints p50/p95/p99 per
action; --json writes everything. Exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent

from bench.load_faults import KINDS, Fault, PrivatePostgres  # noqa: E402


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOADTEST_USERS", 200)))
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("LOADTEST_SECONDS", 60))
    )
    parser.add_argument("--staff", type=int, default=5)
    parser.add_argument(
        "--think",
        type=float,
        default=float(os.environ.get("LOADTEST_THINK", 10)),
        help="mean seconds a person reads before the next action (exponential)",
    )
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (0: a free one)")
    parser.add_argument("--drain", type=float, default=150, help="seconds to wait for the outbox")
    parser.add_argument("--fault", choices=KINDS, default="none", help="break one thing mid-run")
    parser.add_argument("--fault-at", type=float, help="seconds into the run (default: a third)")
    parser.add_argument("--fault-for", type=float, default=10, help="seconds it lasts")
    parser.add_argument(
        "--private-postgres",
        action="store_true",
        help="a cluster of the run's own instead of DATABASE_URL's (implied by pg-restart)",
    )
    parser.add_argument("--json", help="write the figures and checks to this file")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise SystemExit(f"{what} not ready within {seconds:.0f} s")


def _maintenance(url: str) -> str:
    """The server's `postgres` database, to create and drop others from."""
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def own_database(url: str) -> str:
    """CREATE a database of the run's own on DATABASE_URL's server; its URL."""
    import psycopg

    parts = urlsplit(url)
    name = f"gongzhi_load_{os.getpid()}"
    with psycopg.connect(_maintenance(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


def drop_database(admin_url: str, url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(_maintenance(admin_url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_redis(port: int) -> subprocess.Popen:
    import socket

    redis = subprocess.Popen(  # noqa: S603 - our own command line
        [shutil.which("redis-server") or "redis-server", "--port", str(port)]
        + ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return False

    wait_until(answers, 10, "redis-server")
    return redis


def start_worker(folder: str) -> subprocess.Popen:
    """A Celery worker with beat embedded, as `make worker` runs it."""
    return subprocess.Popen(  # noqa: S603
        [str(BIN / "celery"), "-A", "portal", "worker", "--beat", "--concurrency", "2"]
        + ["--loglevel", "WARNING", "--schedule", f"{folder}/beat-schedule"],
        cwd=ROOT,
        stdout=open(f"{folder}/worker.log", "a"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: --fault worker-kill kills it whole
    )


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def sign_everyone_in(base: str, people: list, world: dict, shared) -> list:
    """Password sign-in of everyone, eight at a time (PBKDF2 is meant to be slow)."""
    from bench.load_client import sign_in

    def one(person) -> bool:
        return sign_in(person.browser, shared, person.me["phone"], world["password"])

    with ThreadPoolExecutor(8) as pool:
        done = list(pool.map(one, people))
    return [person for person, ok in zip(people, done, strict=True) if ok]


def run(people: list, seconds: float) -> float:
    started = time.monotonic()
    threads = [threading.Thread(target=p.run, daemon=True) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, started + seconds + 120 - time.monotonic()))
    return time.monotonic() - started


def report(rows: list[dict], checks: list, context: dict) -> str:
    lines = [
        f"{context['users']} residents + {context['staff']} staff, {context['seconds']:.0f} s "
        f"(ran {context['elapsed']:.1f} s), {context['think']:.0f} s mean pause; load average "
        f"{context['load_before'][0]:.1f} before, {context['load_after'][0]:.1f} after; "
        f"signed in {context['signed_in']} in "
        f"{context['sign_in_seconds']:.1f} s; outbox drained {context['drain_seconds']:.0f} s "
        f"after the run; {context['machine']}",
        f"fault: {context['fault']} {context['fault_log']}",
        "",
        "| action | count | per s | statuses | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---|---:|---:|---:|",
    ]
    for row in rows:
        statuses = " ".join(f"{k}×{v}" for k, v in row["statuses"].items())
        lines.append(
            f"| {row['action']} | {row['count']} | {row['per_second']:.1f} | {statuses} "
            f"| {row['p50']:.0f} | {row['p95']:.0f} | {row['p99']:.0f} |"
        )
    lines.append("")
    lines += [f"{'PASS' if c.ok else 'FAIL'}  {c.name}: {c.detail}" for c in checks]
    return "\n".join(lines)


def main() -> int:
    args = arguments()
    folder = tempfile.mkdtemp(prefix="gongzhi-load-")
    postgres = None
    if args.private_postgres or args.fault == "pg-restart":
        postgres = PrivatePostgres(folder, free_port())
        postgres.create()
        admin_url = postgres.url
    else:
        admin_url = os.environ.get("DATABASE_URL", "")
    if not admin_url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (its server gets a new one)")
    url = own_database(admin_url)
    redis_port, port = free_port(), args.port or free_port()
    os.environ.update(
        DATABASE_URL=url,
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        TRUSTED_PROXY_COUNT="1",
        STATIC_ROOT=f"{folder}/static",
    )
    if args.fault == "worker-kill":  # rows a dead worker left 'sending' are taken after 30 s
        os.environ.update(NOTIFICATIONS_STALE_SECONDS="30", NOTIFICATIONS_RELAY_AFTER_SECONDS="20")
    processes: dict = {}
    try:
        processes["redis"] = start_redis(redis_port)
        from bench import run as bench_run  # sets up Django with bench.settings

        bench_run.prepare(seed=None)  # migrate, and the production static files
        processes["worker"] = start_worker(folder)
        restart = {"redis": lambda: start_redis(redis_port), "worker": lambda: start_worker(folder)}
        fault = Fault(args.fault, 0, args.fault_for, processes, restart, postgres)
        return _measure(args, port, bench_run, fault)
    finally:
        if "bench.run" in sys.modules:  # Django was set up
            from django.db import connections

            connections.close_all()
        for process in processes.values():
            stop(process)
        if args.keep:
            print(f"kept database {url} and {folder}")
        elif postgres is not None:
            postgres.stop("immediate")
            shutil.rmtree(folder, ignore_errors=True)
        else:
            drop_database(admin_url, url)
            shutil.rmtree(folder, ignore_errors=True)


def _measure(args, port: int, bench_run, fault: Fault) -> int:
    from bench import load_check
    from bench.load_client import Plan, Shared, people, small_jpeg
    from bench.load_seed import seed

    load_before = os.getloadavg()  # other work on the machine skews every figure
    started = time.monotonic()
    world = seed(residents=args.users, staff=args.staff)
    print(f"seeded {args.users} residents in {time.monotonic() - started:.1f} s", flush=True)
    server = bench_run.start_server(port, workers=2, threads=4)
    try:
        base = f"http://127.0.0.1:{port}"
        plan = Plan(world, small_jpeg(), args.think, deadline=0.0)
        shared, signing = Shared(), Shared()
        everyone = people(base, shared, plan)
        started = time.monotonic()
        ready = sign_everyone_in(base, everyone, world, signing)
        sign_in_seconds = time.monotonic() - started
        print(f"signed in {len(ready)} of {len(everyone)} in {sign_in_seconds:.1f} s", flush=True)
        run_started = time.monotonic()
        plan.deadline = run_started + args.seconds
        fault.at = args.seconds / 3 if args.fault_at is None else args.fault_at
        faulting = fault.start()
        elapsed = run(ready, args.seconds)
        if faulting is not None:
            faulting.join(args.fault_for + 120)
    finally:
        stop(server)
    from django.db import connections

    connections.close_all()  # this process's connection did not live through a restart
    drained = time.monotonic()
    while load_check.pending_deliveries() and time.monotonic() < drained + args.drain:
        time.sleep(1)
    drained = time.monotonic() - drained
    allowed = {503} if args.fault == "pg-restart" else set()  # the outage page, by design
    checks = load_check.verify(signing.outcomes + shared.outcomes, world, allowed)
    if len(ready) != len(everyone):
        checks.append(load_check.Check("everyone signed in", False, f"{len(ready)} signed in"))
    stop(fault.processes["worker"])
    rows = load_check.figures(shared.outcomes, args.seconds)
    window = (fault.log[0][0], fault.log[-1][0]) if len(fault.log) >= 2 else None
    rows += load_check.phases(shared.outcomes, run_started, window, args.seconds)
    rows += load_check.figures(signing.outcomes, sign_in_seconds)[:-1]
    context = {
        "users": args.users,
        "staff": args.staff,
        "seconds": args.seconds,
        "elapsed": elapsed,
        "signed_in": len(ready),
        "sign_in_seconds": sign_in_seconds,
        "drain_seconds": drained,
        "fault": args.fault,
        "fault_log": fault.log,
        "think": args.think,
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "machine": f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    print(report(rows, checks, context), flush=True)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "context": context,
                    "figures": rows,
                    "checks": [c.__dict__ for c in checks],
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    return 0 if all(c.ok for c in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
