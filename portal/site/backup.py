"""Backups (issue 16, item 11): the database (pg_dump's custom format, or SQLite's own
backup) and the media files, with a manifest of what matters most — the ballots and their
choices, the posted ledger entries and the audit trail — as row counts and checksums, so
a restore proves it brought back exactly what was saved.

    manage.py backup [--to DIR]        (make backup)
    manage.py restore DIR --yes        (make restore FROM=DIR)

PostgreSQL's client tools (pg_dump, pg_restore) must be on the PATH; in the compose setup
run the commands in the `web` container or on a host with the same major version."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from deliberation.models import Ballot, BallotChoice
from finance.models import Entry
from portal.models import AuditEvent

MANIFEST = "manifest.json"


def _kept():
    """What a restore must bring back row for row: {name: queryset}."""
    return {
        "ballots": Ballot.objects.all(),
        "ballot_choices": BallotChoice.objects.all(),
        "posted_entries": Entry.objects.filter(state=Entry.State.POSTED),
        "audit_events": AuditEvent.objects.all(),
    }


def checksum(queryset) -> dict:
    """Rows and a SHA-256 over every concrete field of every row, in primary-key order."""
    fields = [f.attname for f in queryset.model._meta.concrete_fields]
    digest, rows = hashlib.sha256(), 0
    for row in queryset.order_by("pk").values_list(*fields).iterator(chunk_size=2000):
        digest.update(json.dumps(row, default=str, ensure_ascii=False).encode())
        digest.update(b"\n")
        rows += 1
    return {"rows": rows, "sha256": digest.hexdigest()}


def fingerprint() -> dict:
    return {name: checksum(queryset) for name, queryset in _kept().items()}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise OSError(f"{name} is not installed (PostgreSQL's client tools are needed)")
    return path


def _pg_env() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432)]
    args += ["-U", db["USER"]] if db.get("USER") else []
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


def _dump_database(folder: Path) -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        target = folder / "database.dump"
        subprocess.run(  # noqa: S603 - our own command line
            [
                _tool("pg_dump"),
                *args,
                "-Fc",
                "--no-owner",
                "--no-privileges",
                "-f",
                str(target),
                db["NAME"],
            ],
            check=True,
            env=env,
        )
        return target.name
    target = folder / "database.sqlite3"
    with sqlite3.connect(str(db["NAME"])) as source, sqlite3.connect(str(target)) as copy:
        source.backup(copy)
    return target.name


def backup(to: Path | None = None) -> Path:
    """Write a backup folder and return it."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder = Path(to or settings.BASE_DIR / "backups") / f"gongzhi-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    database = _dump_database(folder)
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname="media")
    manifest = {
        "made_at": timezone.now().isoformat(),
        "vendor": connection.vendor,
        "database": database,
        "kept": fingerprint(),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    return folder


def _restore_database(folder: Path, manifest: dict) -> None:
    db = connection.settings_dict
    if manifest["vendor"] != connection.vendor:
        raise ValueError(f"the backup is of {manifest['vendor']}, this is {connection.vendor}")
    connection.close()
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        subprocess.run(  # noqa: S603 - our own command line
            [
                _tool("pg_restore"),
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "-d",
                db["NAME"],
                str(folder / manifest["database"]),
            ],
            check=True,
            env=env,
        )
        return
    with (
        sqlite3.connect(str(folder / manifest["database"])) as source,
        sqlite3.connect(str(db["NAME"])) as target,
    ):
        source.backup(target)


def restore(folder: Path) -> dict:
    """Replace the database and the media with the backup's, then check the kept rows
    against the manifest; returns the fingerprint, raises ValueError on a mismatch."""
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text())
    _restore_database(folder, manifest)
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / "media.tar.gz", "r:gz") as archive:
        archive.extractall(media.parent, filter="data")  # refuses paths outside
    found = fingerprint()
    if found != manifest["kept"]:
        raise ValueError(f"the restored rows differ from the backup's: {found}")
    return found
