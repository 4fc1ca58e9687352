from pathlib import Path

from django.core.management.base import BaseCommand

from portal.site.backup import backup


class Command(BaseCommand):
    help = "Back up the database and the media, with checksums of ballots and posted entries."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--to", type=Path, default=None, help="folder (default backups/)")

    def handle(self, *args, to=None, **options) -> None:
        folder = backup(to)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
