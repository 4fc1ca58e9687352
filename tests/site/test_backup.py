"""`make backup` and `make restore` round-trip a seeded database (issue 16, item 11): the
demo is backed up, restored into another database, and its ballots, ballot choices,
posted entries and audit trail come back row for row (counts and checksums), with the
media files."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from deliberation.models import Ballot
from finance.models import Entry
from portal.site import backup as backups
from portal.site.demo import seed_demo
from tests.helpers import skip_unless_ci

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scratch_database():
    """Another database of the same server, for the restore; the test's is put back."""
    if connection.vendor != "postgresql":
        skip_unless_ci("backups of PostgreSQL need DATABASE_URL")
    original = connection.settings_dict["NAME"]
    scratch = f"{original}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        cursor.execute(f'CREATE DATABASE "{scratch}"')
    yield scratch
    connection.close()
    connection.settings_dict["NAME"] = original
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')


def test_a_seeded_database_round_trips_with_its_ballots_entries_and_media(
    settings, tmp_path, scratch_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_demo()
    assert Ballot.objects.exists() and Entry.objects.filter(state="posted").exists()
    saved = backups.fingerprint()
    scans = sorted(
        p.relative_to(settings.MEDIA_ROOT) for p in Path(settings.MEDIA_ROOT).rglob("*.*")
    )
    assert scans
    call_command("backup", to=tmp_path / "backups")
    (folder,) = (tmp_path / "backups").iterdir()
    for path in Path(settings.MEDIA_ROOT).rglob("*.*"):
        path.unlink()  # the disk is lost too

    connection.close()
    connection.settings_dict["NAME"] = scratch_database
    call_command("restore", folder, yes=True)
    assert backups.fingerprint() == saved
    assert all(v["rows"] for k, v in saved.items() if k != "audit_events")
    assert (
        sorted(p.relative_to(settings.MEDIA_ROOT) for p in Path(settings.MEDIA_ROOT).rglob("*.*"))
        == scans
    )

    # The check can fail: a ballot changed after the backup is found out.
    Ballot.objects.filter(pk=Ballot.objects.order_by("pk").first().pk).update(counted=False)
    Ballot.objects.filter(pk=Ballot.objects.order_by("pk").first().pk).update(spoiled_reason="改过")
    assert backups.fingerprint() != saved


def test_restore_asks_before_replacing_everything(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", tmp_path)
