"""Faults injected into a `make loadtest` run (`--fault`), as an operator would meet them:
the Redis stopped (SIGTERM, then started again) or frozen (SIGSTOP, then SIGCONT), the
Celery worker killed with its pool (SIGKILL, then started again), PostgreSQL restarted
(`pg_ctl restart -m fast`). Every process faulted is the run's own: a redis-server on a
free port and, for the restart, a PostgreSQL cluster initialised in the run's folder —
never the machine's services.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("none", "redis-stop", "redis-freeze", "worker-kill", "pg-restart")


def _pg_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not versions:
        raise SystemExit("PostgreSQL's initdb is not installed (/usr/lib/postgresql/*/bin)")
    return versions[-1].parent


class PrivatePostgres:
    """A throwaway cluster on a free port, trust auth for the role gongzhi, fsync off.
    As root it runs as the `postgres` user (initdb refuses root)."""

    def __init__(self, folder: str, port: int):
        self.folder, self.port = Path(folder) / "pg", port
        self.url = f"postgres://gongzhi@127.0.0.1:{port}/postgres"

    def _run(self, *args: str) -> None:
        command = [str(_pg_bin() / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603

    def create(self) -> None:
        self.folder.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            os.chmod(self.folder.parent, 0o755)  # noqa: S103 - postgres must reach it
        self._run("initdb", "-D", f"{self.folder}/data", "-U", "gongzhi", "--auth=trust")
        self.start()

    def _options(self) -> str:
        return f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"

    def start(self) -> None:
        data, log = f"{self.folder}/data", f"{self.folder}/log"
        self._run("pg_ctl", "-D", data, "-o", self._options(), "-l", log, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", f"{self.folder}/data", "-m", mode, "-w", "stop")


@dataclass
class Fault:
    """Waits `at` seconds into the run, breaks one thing for `lasting` seconds, mends it.
    `processes` holds the run's redis and worker (replaced when restarted); `restart`
    callbacks start them again."""

    kind: str
    at: float
    lasting: float
    processes: dict
    restart: dict
    postgres: PrivatePostgres | None = None
    log: list = field(default_factory=list)

    def start(self) -> threading.Thread | None:
        if self.kind == "none":
            return None
        thread = threading.Thread(target=self._run, daemon=True)
        thread.start()
        return thread

    def _note(self, what: str) -> None:
        self.log.append((round(time.monotonic() - self._t0, 1), what))

    def _run(self) -> None:
        self._t0 = time.monotonic()
        time.sleep(self.at)
        self._note(f"{self.kind}: begins")
        try:
            getattr(self, "_" + self.kind.replace("-", "_"))()
        finally:
            from django.db import connections

            connections.close_all()
        self._note(f"{self.kind}: mended")

    def _redis_stop(self) -> None:
        redis = self.processes["redis"]
        redis.send_signal(signal.SIGTERM)
        redis.wait(30)
        time.sleep(self.lasting)
        self.processes["redis"] = self.restart["redis"]()

    def _redis_freeze(self) -> None:
        redis = self.processes["redis"]
        redis.send_signal(signal.SIGSTOP)
        try:
            time.sleep(self.lasting)
        finally:
            redis.send_signal(signal.SIGCONT)

    def _worker_kill(self) -> None:
        from portal.notifications.models import Delivery

        worker = self.processes["worker"]
        sending = Delivery.objects.filter(status="sending").count()
        os.killpg(os.getpgid(worker.pid), signal.SIGKILL)  # the worker, its pool and beat
        worker.wait(30)
        self._note(f"worker killed with {sending} deliveries being sent")
        time.sleep(self.lasting)
        self.processes["worker"] = self.restart["worker"]()

    def _pg_restart(self) -> None:
        self.postgres.stop()
        time.sleep(self.lasting)
        self.postgres.start()
