"""`make bench`: time the portal's pages against the floor (issue 13).

Starts gunicorn with bench/settings.py (production settings: DEBUG off, persistent
connections with health checks, cached templates, gthread workers for two cores) on the
database of DATABASE_URL (PostgreSQL) and the Redis of REDIS_URL, signs in the personas of
`seed_scale`, and drives every page with wrk at a fixed concurrency, alternating the floor
view and the page in each of three rounds. Reports the medians — requests per second, p50,
p99 — the SQL queries of each page, and time per request as a multiple of the floor's; writes
bench/results.md (or --out).

  DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/run.py --seed 0.01

--seed SCALE runs `seed_scale` first when the database has no compounds (it migrates it
first); without it the data already there is measured.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ["DEBUG"] = "0"
os.environ["PORTAL_DEMO"] = "0"  # never on with DEBUG off
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
os.environ.setdefault("STATIC_ROOT", "/tmp/gongzhi-bench-static")  # noqa: S108 - a cache

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench import pages as bench_pages  # noqa: E402
from bench.report import Measure, write_report  # noqa: E402


def prepare(seed: float | None) -> None:
    if connection.vendor != "postgresql":
        print("warning: not PostgreSQL — set DATABASE_URL; the numbers mean little", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    from compounds.models import Compound

    if seed is not None and not Compound.objects.exists():
        call_command("seed_scale", scale=seed, i_know=True)
    manifest = Path(os.environ["STATIC_ROOT"]) / "staticfiles.json"
    if not manifest.exists():  # production's manifest storage needs collected files
        subprocess.run([str(ROOT / "bin" / "build-static")], check=True, cwd=ROOT)  # noqa: S603


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 - our own command line
        [
            str(BIN / "gunicorn"),
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            "gthread",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):  # noqa: S310
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn exited") from None
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def _wrk() -> str:
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    return found


def wrk(url: str, cookie: str, seconds: float, connections: int) -> Measure:
    out = subprocess.run(  # noqa: S603
        [
            _wrk(),
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{max(1, round(seconds))}s",
            "--latency",
            "--timeout",
            "30s",
            "-H",
            f"Cookie: sessionid={cookie}",
            # A connection per request, as a proxy in front of gunicorn opens them (nginx's
            # default to an upstream): kept-alive connections stay with the worker process
            # that accepted them, so a run's 4 connections on one process or on both made
            # the floor itself move between ~500 and ~1,100 req/s from run to run.
            "-H",
            "Connection: close",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Measure(rps, _ms(out, "50%"), _ms(out, "99%"), int(bad.group(1)) if bad else 0)


def _ms(out: str, label: str) -> float:
    value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", out).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=float, help="seed_scale at this scale if empty")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0, help="wrk duration per run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument("--only", action="append", help="pages whose name contains this")
    args = parser.parse_args()
    prepare(args.seed)
    pages = [
        page
        for page in bench_pages.resolve()
        if not args.only or any(part in page.name for part in args.only)
    ]
    clients = bench_pages.sessions()
    bench_pages.count_queries(pages, clients)
    server = start_server(args.port, workers=2, threads=4)
    base = f"http://127.0.0.1:{args.port}"
    results = {page.name: [] for page in pages}
    try:
        for n in range(args.rounds):
            for page in pages:
                cookie = clients[page.persona][1]
                floor = wrk(base + "/bench/floor/", cookie, args.seconds, args.connections)
                measured = wrk(base + page.path, cookie, args.seconds, args.connections)
                results[page.name].append((floor, measured))
                ratio = f"{floor.rps / measured.rps:.1f}×" if measured.rps else "none finished,"
                print(f"round {n + 1} {page.name}: {measured.rps:.1f} req/s, {ratio} floor")
    finally:
        server.terminate()
        server.wait(30)
    command = " ".join(["bench/run.py", *sys.argv[1:]])
    write_report(Path(args.out), pages, results, command=command, settings=vars(args))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
